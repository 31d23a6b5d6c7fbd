//! Shapes with an area and a bounding box.
use std::f64::consts::PI;
use std::fmt;

pub trait Shape: fmt::Debug {
    fn area(&self) -> f64;
    fn bounds(&self) -> Rect {
        Rect::default()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Default)]
pub struct Rect {
    pub min: Point,
    pub max: Point,
}

#[derive(Debug)]
pub struct Circle {
    pub center: Point,
    pub radius: f64,
}

impl Circle {
    pub fn new(center: Point, radius: f64) -> Self {
        assert!(radius >= 0.0, "negative radius");
        Circle { center, radius }
    }

    pub fn unit() -> Circle {
        Circle::new(Point::default(), 1.0)
    }
}

impl Shape for Circle {
    fn area(&self) -> f64 {
        PI * self.radius * self.radius
    }

    fn bounds(&self) -> Rect {
        let Point { x, y } = self.center;
        Rect {
            min: Point { x: x - self.radius, y: y - self.radius },
            max: Point { x: x + self.radius, y: y + self.radius },
        }
    }
}

impl fmt::Display for Circle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "circle r={} area={:.2}", self.radius, self.area())
    }
}
