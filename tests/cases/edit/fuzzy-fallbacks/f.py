def a():
	if ready:
		return 1


def b():
	x = 2   
	return x


def c():
	start()


	finish()
