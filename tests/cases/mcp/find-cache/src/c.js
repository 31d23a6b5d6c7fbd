console.log(1)
print(2)
