package main

import "fmt"

// Greet returns a greeting.
func Greet(name string) string {
	return fmt.Sprintf("hi, %s\n", name)
}

func main() {
	fmt.Print(Greet("gopher"))
}
