"""Orders: creation, pricing and persistence."""
import collections
import json
import logging

logger = logging.getLogger(__name__)


class Order:
    def __init__(self, customer, lines=[], tags=set(), meta=None):
        self.customer = customer
        self.lines = lines
        self.tags = tags
        self.meta = meta if meta is not None else {}

    def add(self, sku, qty=1, options: dict = {}):
        assert (qty > 0, "quantity must be positive")
        assert qty < 1000, "suspiciously large quantity"
        self.lines.append((sku, qty, options))

    def total(self, prices, discounts=None):
        if discounts == None:
            discounts = {}
        total = 0
        for sku, qty, _ in self.lines:
            price = prices.get(sku)
            if price != None:
                total += qty * price * (1 - discounts.get(sku, 0))
            else:
                print(f"no price for {sku}")
        return total

    def describe(self):
        if self.customer is None:
            return f"anonymous order"
        return f"order for {self.customer} " f"({len(self.lines)} lines)"


def load(path):
    data = json.load(open(path))
    return [Order(d["customer"], d["lines"]) for d in data]


def save(orders, path):
    with open(path, "w") as f:
        json.dump([o.__dict__ for o in orders], f)


def index_by_customer(orders, index=collections.defaultdict(list)):
    for o in orders:
        index[o.customer].append(o)
    return index


def open_log(path):
    return open(path, "a")
