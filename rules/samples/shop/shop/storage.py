"""Storage back ends for orders."""
import contextlib
import os
import sqlite3


class Storage:
    def __init__(self, root):
        self.root = root

    def read(self, name):
        try:
            with open(os.path.join(self.root, name), "rb") as f:
                return f.read()
        except FileNotFoundError:
            return None
        except:
            print("unexpected error reading", name)
            raise

    def read_many(self, names):
        with contextlib.ExitStack() as stack:
            files = [stack.enter_context(open(os.path.join(self.root, n))) for n in names]
            return [f.read() for f in files]

    def remove(self, name):
        try:
            os.remove(os.path.join(self.root, name))
        except Exception:
            pass

    def remove_quietly(self, name):
        try:
            os.remove(os.path.join(self.root, name))
        except Exception:
            # a missing file is already removed
            pass

    def fd(self, name):
        return os.open(os.path.join(self.root, name), os.O_RDONLY)


def connect(path):
    try:
        return sqlite3.connect(path)
    except BaseException as exc:
        pass
    except:
        raise


def check_path(path):
    assert path, "empty path"
    assert (os.path.isabs(path), f"not absolute: {path}")
    return open(path).read() != None
