import math


class Circle:
    """A circle."""

    def __init__(self, r: float) -> None:
        self.r = r

    def area(self):
        return math.pi * self.r ** 2  # \u03c0 r squared


print(Circle(2).area(), "done\n")
