#include <iostream>

#include "inventory.hpp"

using shop::Inventory;
namespace io = std;

class Printer : public shop::Listener {
public:
    void changed(const shop::Item &item) override {
        io::cout << item.sku << ": " << item.quantity << '\n';
    }
};

int main() {
    Inventory<> stock;
    stock.watch(std::make_shared<Printer>());
    stock.add(shop::Item{"apple", 3});
    stock.add(shop::Item{"pear", 1});
    auto *extra = new Inventory<std::string>(Inventory<>::kDefaultReserve * 2);
    extra->add(*stock.find("apple"));
    if (!stock.remove("pear", 2))
        std::cerr << "not enough pears\n";
    delete extra;
    return 0;
}
