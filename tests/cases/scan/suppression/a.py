eval(1)  # ast-grep-ignore
eval(2)  # ast-grep-ignore: no-eval
eval(3)  # ast-grep-ignore: no-exec
# ast-grep-ignore
eval(4)
# ast-grep-ignore: no-exec, no-eval
eval(5); exec(5)
# ast-grep-ignore: no-exec
eval(6); exec(6)
x = 1  # ast-grep-ignore
eval(7)
s = "ast-grep-ignore"; eval(8)
eval(9)
# ast-grep-ignore
x = 2
eval(10)
