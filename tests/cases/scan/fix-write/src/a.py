if x == None:
    print(x == None, "é")
run(debug=True, fast=1)
exit(1)
