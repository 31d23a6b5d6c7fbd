import logging


def fetch(url):
    print("fetch", url)
    logging.info("x")
    print(url)
