import math

def area(r):
    """Area of a circle."""
    return 3.14 * r * r
