eval(1)
exec(2)
