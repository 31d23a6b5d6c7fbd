def g():
    print("g")
