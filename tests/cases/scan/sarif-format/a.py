def f(x):
    eval(x)
    print("é", x)
