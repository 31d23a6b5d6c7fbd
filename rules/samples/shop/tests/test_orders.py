from shop.orders import Order


def test_total():
    o = Order("ann", lines=[])
    o.add("apple", 2)
    print("lines:", o.lines)
    assert o.total({"apple": 3}) == 6


def test_describe(tmp_path=None):
    assert Order(None).describe() == "anonymous order"
