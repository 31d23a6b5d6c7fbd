def f(x):
    print("é", x)
    print(x,
          x)
