exec(3)
