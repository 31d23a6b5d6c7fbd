mod shapes;

use shapes::{Circle, Point as P, Shape};
use std::collections::HashMap;

type Registry = HashMap<String, Box<dyn Shape>>;

fn total_area(shapes: &[Box<dyn Shape>]) -> f64 {
    shapes.iter().map(|s| s.area()).sum()
}

fn largest<'a, S: Shape + ?Sized>(items: &'a [&'a S]) -> Option<&'a S> {
    items
        .iter()
        .copied()
        .max_by(|a, b| a.area().partial_cmp(&b.area()).unwrap())
}

fn main() {
    let mut registry: Registry = HashMap::new();
    let unit = Circle::unit();
    registry.insert("unit".into(), Box::new(unit));
    let big = Circle::new(P { x: 1.0, y: 2.0 }, 10.0);
    println!("{} {:?}", big, big.bounds());
    registry.insert(String::from("big"), Box::new(big));
    let all: Vec<Box<dyn Shape>> = registry.into_values().collect();
    let area = total_area(&all);
    match all.first() {
        Some(first) if first.area() > area / 2.0 => println!("dominant: {:?}", first),
        Some(_) | None => {}
    }
}
