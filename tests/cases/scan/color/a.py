eval(x)
print(1)
x == None
pass
