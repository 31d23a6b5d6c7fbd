import os

RETRIES = 3


def fetch(url):
    for attempt in range(RETRIES):
        log("fetch %s, attempt %d" % (url, attempt))
    return None


def store(path):
    log("store %s" % path)
    # BEGIN generated
    x = 1
    y = 2
    # END generated
    return path
