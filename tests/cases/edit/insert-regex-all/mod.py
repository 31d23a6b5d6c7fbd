import os

def load(path):
    return open(path).read()


@cached
def parse(text):
    return text.split()


def save(path, data):
    with open(path, "w") as f:
        f.write(data)
