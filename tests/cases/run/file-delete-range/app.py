def store(path):
    # BEGIN generated
    x = 1
    y = 2
    # END generated
    return path

# BEGIN legacy
def old():
    pass
# END legacy
