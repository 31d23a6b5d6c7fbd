import json
import sys


def migrate(path, out=[]):
    for row in json.load(open(path)):
        out.append(row)
    print(len(out), "rows")
    return out


if __name__ == "__main__":
    print(migrate(sys.argv[1]))
