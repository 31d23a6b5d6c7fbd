/// A 2-D point.
#[derive(Debug, Clone, Copy)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

impl Point {
    pub const ORIGIN: Point = Point { x: 0, y: 0 };

    pub fn manhattan(&self, other: &Point) -> u32 {
        self.x.abs_diff(other.x) + self.y.abs_diff(other.y)
    }
}

fn main() {
    let p = Point { x: 3, y: -4 };
    println!("{} \"{:?}\"", p.manhattan(&Point::ORIGIN), p);
}
