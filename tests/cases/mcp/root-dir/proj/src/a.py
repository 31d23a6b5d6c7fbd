def f():
    print("in proj")
