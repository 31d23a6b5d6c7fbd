def f(x):
    if x == None:
        print("none")
    return x
