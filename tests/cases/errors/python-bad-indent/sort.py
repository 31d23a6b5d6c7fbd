names = ["b", "a"]
names.sort()
    else:
    print(names)
