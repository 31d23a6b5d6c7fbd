// An inventory of stock items, by SKU.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace shop {

struct Item {
    std::string sku;
    int quantity = 0;
};

class Listener {
public:
    virtual ~Listener() = default;
    virtual void changed(const Item &item) = 0;
};

template <typename Key = std::string>
class Inventory {
public:
    explicit Inventory(std::size_t reserve = kDefaultReserve);

    void add(const Item &item);
    bool remove(const Key &sku, int count = 1);
    const Item *find(const Key &sku) const;
    void watch(std::shared_ptr<Listener> listener) { listener_ = std::move(listener); }

    static constexpr std::size_t kDefaultReserve = 16;

private:
    std::map<Key, Item> items_;
    std::shared_ptr<Listener> listener_;
};

} // namespace shop
