x = eval(2)
