// vec.hpp: small fixed-size vectors for the geometry kernel.
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <ostream>

#define GEO_ASSERT(cond) \
    do { if (!(cond)) std::abort(); } while (0)

namespace geo {

/// Types a Vec can hold.
template <typename T>
concept Scalar = std::floating_point<T> || std::integral<T>;

inline constexpr double kEpsilon = 1e-9;

/// A vector of N components.
template <Scalar T, std::size_t N>
class Vec {
public:
    using value_type = T;
    static constexpr std::size_t size = N;

    enum class Norm { L1, L2, Max };

    Vec();
    explicit Vec(T fill);
    Vec(const Vec &other) = default;
    ~Vec();

    T &operator[](std::size_t i) { return data_[i]; }
    const T &operator[](std::size_t i) const { return data_[i]; }
    Vec &operator+=(const Vec &o);

    /// The length under the given norm.
    T length(Norm n = Norm::L2) const;

    template <typename U>
    Vec<U, N> cast() const;

private:
    struct Storage {
        T values[N];
        bool dirty;
    };
    T data_[N];
};

template <Scalar T, std::size_t N>
Vec<T, N>::Vec() : Vec(T{}) {}

template <Scalar T, std::size_t N>
Vec<T, N>::Vec(T fill)
{
    for (auto &x : data_)
        x = fill;
}

template <Scalar T, std::size_t N>
Vec<T, N>::~Vec() = default;

template <Scalar T, std::size_t N>
Vec<T, N> &Vec<T, N>::operator+=(const Vec &o)
{
    for (std::size_t i = 0; i < N; i++)
        data_[i] += o.data_[i];
    return *this;
}

template <Scalar T, std::size_t N>
T Vec<T, N>::length(Norm n) const
{
    T acc{};
    for (const auto &x : data_)
        acc = n == Norm::Max ? std::max(acc, std::abs(x)) : acc + x * x;
    return n == Norm::L2 ? std::sqrt(acc) : acc;
}

template <Scalar T, std::size_t N>
template <typename U>
Vec<U, N> Vec<T, N>::cast() const
{
    Vec<U, N> out;
    for (std::size_t i = 0; i < N; i++)
        out[i] = static_cast<U>(data_[i]);
    return out;
}

using Vec2 = Vec<double, 2>;
using Vec3 = Vec<double, 3>;

template <Scalar T, std::size_t N>
Vec<T, N> operator+(Vec<T, N> a, const Vec<T, N> &b)
{
    return a += b;
}

template <Scalar T, std::size_t N>
std::ostream &operator<<(std::ostream &os, const Vec<T, N> &v);

double dot(const Vec2 &a, const Vec2 &b);
double dot(const Vec3 &a, const Vec3 &b);

} // namespace geo
