from shop import Cart, Item as ShopItem
import shop


def checkout(cart: Cart) -> shop.Receipt:
    cart.add("apple", 1.0)
    cart.add(ShopItem("pear", 2.0))
    total = cart.total
    return cart.checkout(gateway=None)


class VipCart(Cart):
    def add(self, item, price=None):
        super().add(item, price)
