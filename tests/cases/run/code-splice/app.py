class Service:
    def parse(self, raw):
        return raw

    def fetch(self):
        return None


def main():
    pass
