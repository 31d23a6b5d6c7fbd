import os

RETRIES = 3
TIMEOUT = 10


def fetch(url):
    log("fetch %s" % url)
    log("done %s" % url)
