package main

import (
	"fmt"
	"os"
)

type Item struct {
	SKU      string
	Price    float64
	Quantity int
}

func total(items []Item) float64 {
	sum := 0.0
	for _, it := range items {
		sum += it.Price * float64(it.Quantity)
	}
	return sum
}

func main() {
	items := []Item{{"apple", 2, 3}}
	fmt.Println("total", total(items))
	os.Exit(0)
}
