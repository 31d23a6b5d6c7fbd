eval(1)
print(2)
exec(3)
input(4)
