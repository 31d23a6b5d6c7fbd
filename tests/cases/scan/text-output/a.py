def f(x):
    pass
    eval(x)
    print("é", x)
    if x == None: print(x,
                        x)
