def f():
    print(1)
    print(2)
    log(3)
