        def close(self):
            if self.url:
                self.url = None
