from app.models import Cart, Item


def render_cart(cart: Cart) -> str:
    lines = [f"{i.sku} x{i.quantity}: {i.total()}" for i in cart.items]
    lines.append(f"total: {cart.total()}")
    return "\n".join(lines)


def add_to_cart(cart: Cart, sku: str, price: str) -> str:
    print("adding", sku)
    cart.add(Item(sku, price))
    return render_cart(cart)
