"""Domain model for the example shop."""
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Item:
    sku: str
    price: Decimal
    quantity: int = 1

    def total(self) -> Decimal:
        return self.price * self.quantity


@dataclass
class Cart:
    items: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> None:
        for existing in self.items:
            if existing.sku == item.sku:
                existing.quantity += item.quantity
                return
        self.items.append(item)

    def total(self) -> Decimal:
        return sum((i.total() for i in self.items), Decimal("0"))
