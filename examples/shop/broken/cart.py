def checkout(cart):
    total = sum(item.price for item in cart.items
    if total > 100:
        return apply_discount(total)
    return total
