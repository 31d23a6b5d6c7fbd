// shapes.cpp: a tiny polymorphic shape registry.
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace geo {

constexpr double kPi = 3.14159265358979;

class Shape {
public:
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual std::string name() const { return "shape"; }
};

class Circle final : public Shape {
public:
    explicit Circle(double r) : radius_(r) {}
    double area() const override { return kPi * radius_ * radius_; }
    std::string name() const override { return "circle"; }

private:
    double radius_;
};

template <typename T>
struct Rect : Shape {
    T w, h;
    Rect(T w_, T h_) : w(w_), h(h_) {}
    double area() const override { return static_cast<double>(w * h); }
};

}  // namespace geo

using ShapeList = std::vector<std::unique_ptr<geo::Shape>>;

static std::map<std::string, double> summarize(const ShapeList &shapes)
{
    std::map<std::string, double> totals;
    for (const auto &s : shapes) {
        totals[s->name()] += s->area();
    }
    return totals;
}

int main()
{
    ShapeList shapes;
    shapes.push_back(std::make_unique<geo::Circle>(1.5));
    shapes.emplace_back(new geo::Rect<int>(3, 4));
    auto totals = summarize(shapes);
    for (const auto &[name, area] : totals) {
        std::cout << name << ":\t" << area << "\n";
    }
    std::cout << R"(raw "string" \n)" << std::endl;
    return shapes.empty() ? 1 : 0;
}
