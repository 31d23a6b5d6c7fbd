import os

cwd = os.getcwd())
print(cwd)
