eval(1)  # graft-ignore
eval(2)  # graft-ignore: no-eval
eval(3)  # graft-ignore: no-exec
# graft-ignore
eval(4)
# graft-ignore: no-exec, no-eval
eval(5); exec(5)
# graft-ignore: no-exec
eval(6); exec(6)
x = 1  # graft-ignore
eval(7)
s = "graft-ignore"; eval(8)
eval(9)
# graft-ignore
x = 2
eval(10)
