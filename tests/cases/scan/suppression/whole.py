# ast-grep-ignore

eval(1)
exec(2)
