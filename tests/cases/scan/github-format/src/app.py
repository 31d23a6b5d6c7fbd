eval(data)
print(1,
      2)
os.system("ls")
