eval(1)
print(2)
