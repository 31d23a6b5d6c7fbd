def only():
    return 1