def connect_all(hosts):
    for h in hosts:
        connect(h, retries=3, timeout=10)
    return Foo(hosts)
