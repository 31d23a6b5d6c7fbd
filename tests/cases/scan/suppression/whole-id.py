# ast-grep-ignore: no-exec

eval(1)
exec(2)
