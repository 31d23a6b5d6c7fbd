package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"example.com/shop/cache"
	store "example.com/shop/db"
)

type server struct {
	prices *cache.Cache[float64]
	db     *store.DB
}

func (s *server) price(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	p, err := s.prices.Get(sku)
	if err == cache.ErrMissing {
		p, err = s.db.Price(r.Context(), sku)
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		s.prices.Put(sku, p)
	}
	json.NewEncoder(w).Encode(map[string]any{"sku": sku, "price": p})
}

func (s *server) describe(sku string) string {
	p := s.prices.GetOrPut(sku, func() float64 { return 0 })
	return fmt.Sprintf("%s costs %.2f", sku, p)
}

func newServer(db *store.DB) *server {
	return &server{prices: cache.New[float64](time.Minute), db: db}
}

func main() {
	s := newServer(store.Open("shop.db"))
	http.HandleFunc("/price", s.price)
	fmt.Println(http.ListenAndServe(":8080", nil))
}
