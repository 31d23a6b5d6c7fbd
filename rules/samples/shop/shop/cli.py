"""Command-line entry point: print() is the output here."""
import sys

from shop.orders import load

USAGE = f"""
usage: python -m shop ORDERS.json

Prints one line per order in ORDERS.json.
"""


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if not argv:
        print(USAGE)
        return 2
    for order in load(argv[0]):
        print(order.describe())
    print(f"done")
    return 0
