"""Inventory tracking for a small warehouse."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterator


@dataclass
class Item:
    sku: str
    name: str
    quantity: int = 0
    tags: list[str] = field(default_factory=list)

    def label(self) -> str:
        # Tabs and quotes need escaping in labels.
        return f"{self.sku}\t\"{self.name}\" x{self.quantity}"


class Inventory:
    """A collection of items keyed by SKU."""

    def __init__(self, items: dict[str, Item] | None = None) -> None:
        self._items = dict(items or {})

    def __iter__(self) -> Iterator[Item]:
        yield from sorted(self._items.values(), key=lambda i: i.sku)

    def add(self, item: Item, *, replace: bool = False) -> None:
        if item.sku in self._items and not replace:
            raise KeyError(f"duplicate SKU {item.sku!r}")
        self._items[item.sku] = item

    @property
    def total(self) -> int:
        return sum(i.quantity for i in self._items.values())

    def low_stock(self, threshold=5):
        return [i for i in self if 0 < i.quantity <= threshold]

    def to_json(self) -> str:
        data = {
            "items": [
                {"sku": i.sku, "qty": i.quantity, "tags": [*i.tags]}
                for i in self
            ],
            "total": self.total,
        }
        return json.dumps(data, indent=2)


async def restock(inv: Inventory, sku: str, amount: int) -> int:
    try:
        item = inv._items[sku]
    except KeyError:
        return -1
    else:
        item.quantity += amount
        return item.quantity
    finally:
        pass


if __name__ == "__main__":
    inv = Inventory()
    inv.add(Item("A-1", "Widget", 3, ["small"]))
    print(inv.to_json(), r"raw\n", b"\x00\xff", sep="\n")
