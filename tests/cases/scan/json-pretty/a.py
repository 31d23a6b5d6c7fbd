if x == None:
    print("é", x)
if (y == None) and z:
    pass
