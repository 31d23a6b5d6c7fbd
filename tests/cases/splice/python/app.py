import logging

log = logging.getLogger(__name__)


class Service:
    """Talks to the backend."""

    retries = 3

    def __init__(self, url):
        self.url = url

    @staticmethod
    def parse(raw):
        return raw.strip()

    def fetch(self, path):
        # the backend is slow
        return self.url + path
        # TODO: caching


# entry point
def main():
    Service("http://x").fetch("/")  # trailing comment
