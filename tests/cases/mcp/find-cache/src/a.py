import os


def f(x):
    print(x)
    print(x, os.sep)
