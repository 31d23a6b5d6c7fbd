#include "inventory.hpp"

#include <stdexcept>

namespace shop {

template <typename Key>
Inventory<Key>::Inventory(std::size_t reserve) : items_(), listener_(nullptr) {
    (void)reserve;
}

template <typename Key>
void Inventory<Key>::add(const Item &item) {
    Item &slot = items_[item.sku];
    slot.sku = item.sku;
    slot.quantity += item.quantity;
    if (listener_)
        listener_->changed(slot);
}

template <typename Key>
bool Inventory<Key>::remove(const Key &sku, int count) {
    auto it = items_.find(sku);
    if (it == items_.end() || it->second.quantity < count)
        return false;
    it->second.quantity -= count;
    if (listener_)
        listener_->changed(it->second);
    return true;
}

template <typename Key>
const Item *Inventory<Key>::find(const Key &sku) const {
    auto it = items_.find(sku);
    return it == items_.end() ? nullptr : &it->second;
}

template class Inventory<std::string>;

} // namespace shop
