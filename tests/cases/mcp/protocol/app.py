import os

RETRIES = 3


def f(x):
    if x == None:
        return 1
    print(x)
    print(x, 2)
