import sys

for arg in sys.argv[1:]:
    print(arg)
    else:
        print("no arguments")
