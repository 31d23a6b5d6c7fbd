//! Plane shapes and their areas.

use std::fmt;

/// Tolerance used when comparing areas.
pub const EPSILON: f64 = 1e-9;

static mut SHAPES_CREATED: usize = 0;

/// A point in the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point<T = f64> {
    pub x: T,
    pub y: T,
}

/// A unit marker for shapes without extent.
#[derive(Default)]
pub struct Nothing;

pub struct Meters(pub f64);

/// Every shape this crate knows.
#[derive(Debug, Default)]
pub enum Shape {
    /// A circle around its centre.
    Circle { centre: Point, radius: f64 },
    Rect(Point, Point),
    #[default]
    Empty,
}

/// Anything with an area.
pub trait Area {
    /// The unit the area is measured in.
    type Unit;
    const DIMENSIONS: usize = 2;

    fn area(&self) -> f64;

    /// True when the area is (almost) zero.
    fn is_empty(&self) -> bool {
        self.area().abs() < EPSILON
    }
}

impl<T: Copy + Into<f64>> Point<T> {
    /// A point at (x, y).
    pub fn new(x: T, y: T) -> Self {
        unsafe { SHAPES_CREATED += 1 };
        Point { x, y }
    }

    pub fn x(&self) -> T {
        self.x
    }

    pub fn distance(&self, other: &Self) -> f64 {
        let dx: f64 = self.x.into() - other.x.into();
        let dy: f64 = self.y.into() - other.y.into();
        (dx * dx + dy * dy).sqrt()
    }
}

impl fmt::Display for Point<f64> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.x, self.y)
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Circle { radius, .. } => write!(f, "circle r={radius}"),
            Shape::Rect(a, b) => write!(f, "rect {a} {b}"),
            Shape::Empty => f.write_str("empty"),
        }
    }
}

impl Area for Shape {
    type Unit = Meters;

    fn area(&self) -> f64 {
        match self {
            Shape::Circle { radius, .. } => std::f64::consts::PI * radius * radius,
            Shape::Rect(a, b) => ((b.x - a.x) * (b.y - a.y)).abs(),
            Shape::Empty => 0.0,
        }
    }
}

/// Builds a square from its corner and side.
#[macro_export]
macro_rules! square {
    ($corner:expr, $side:expr) => {
        $crate::Shape::Rect($corner, Point::new($corner.x + $side, $corner.y + $side))
    };
}

pub fn total_area(shapes: &[Shape]) -> f64 {
    shapes.iter().map(Area::area).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_has_no_area() {
        assert!(Shape::Empty.is_empty());
    }

    #[test]
    fn distance() {
        assert_eq!(Point::new(0.0, 0.0).distance(&Point::new(3.0, 4.0)), 5.0);
    }
}
