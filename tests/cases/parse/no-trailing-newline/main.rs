fn main() {
    println!("no newline");
}