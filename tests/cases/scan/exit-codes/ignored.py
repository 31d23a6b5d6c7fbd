eval(1)  # ast-grep-ignore
