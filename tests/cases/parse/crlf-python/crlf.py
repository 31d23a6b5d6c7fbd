def add(a, b):
    """Add two numbers."""
    return a + b


print(add(1, 2), "ok\r\n")
