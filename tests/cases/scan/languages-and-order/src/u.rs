fn main() { let a = b.unwrap(); }
