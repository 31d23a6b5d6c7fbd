"""Orders and carts for the shop."""
from __future__ import annotations

import dataclasses
from typing import Iterator, overload

TAX_RATE = 0.2
currency: str = "EUR"


# A cart holds items until checkout.
@dataclasses.dataclass
class Cart:
    """A shopping cart."""

    items: list = dataclasses.field(default_factory=list)
    owner: str = ""
    MAX = 50

    def __len__(self) -> int:
        return len(self.items)

    @property
    def total(self) -> float:
        """Sum of the prices, tax included."""
        return sum(i.price for i in self.items) * (1 + TAX_RATE)

    @total.setter
    def total(self, value: float) -> None:
        raise AttributeError("total is computed")

    @overload
    def add(self, item: Item) -> None: ...

    @overload
    def add(self, item: str, price: float) -> None: ...

    def add(self, item, price=None):
        if isinstance(item, str):
            item = Item(item, price)
        self.items.append(item)
        # keep the cart bounded

    async def checkout(self, gateway) -> Receipt:
        async def charge(amount):
            return await gateway.charge(amount)

        return Receipt(await charge(self.total))

    class Error(Exception):
        pass


class Item:
    def __init__(self, sku: str, price: float):
        self.sku = sku
        self.price = price


def iter_items(cart: Cart) -> Iterator[Item]:
    yield from cart.items


if TAX_RATE > 0:
    def describe() -> str:
        return "taxed"
else:
    def describe() -> str:
        return "untaxed"
