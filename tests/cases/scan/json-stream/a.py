if x == None:
    print("é", x)
