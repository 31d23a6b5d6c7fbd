package api

import (
	"encoding/json"
	"net/http"
)

type (
	// HandlerFunc adapts a function that may fail to http.Handler.
	HandlerFunc func(w http.ResponseWriter, r *http.Request) error

	// Number is the constraint of Sum.
	Number interface {
		~int | ~int64 | ~float64
	}

	// ReadWriter groups the store's two halves.
	ReadWriter interface {
		Reader
		Write(p []byte) (n int, err error)
	}

	Headers = map[string][]string

	// Page is one page of a listing.
	Page[T any] struct {
		Items []T  `json:"items"`
		Next  *int `json:"next,omitempty"`
	}
)

var routes = map[string]HandlerFunc{}

var config struct {
	Addr string
}

func init() {
	routes["/health"] = health
}

func init() {
	routes["/items"] = listItems
}

// ServeHTTP writes the error of h as a 500 response.
func (h HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func health(w http.ResponseWriter, _ *http.Request) error {
	_, err := w.Write([]byte("ok\n"))
	return err
}

func listItems(w http.ResponseWriter, r *http.Request) error {
	type item struct{ ID int }
	const pageSize = 20
	page := Page[item]{Items: make([]item, 0, pageSize)}
	return json.NewEncoder(w).Encode(page)
}

// Sum adds up xs.
func Sum[T Number](xs ...T) (total T) {
	for _, x := range xs {
		total += x
	}
	return total
}

// Len is defined on a type declared in another file.
func (*Server) Len() int { return len(routes) }

func (p *Page[T]) Empty() bool { return len(p.Items) == 0 }

func (p Page[T]) Last() (T, bool) {
	var zero T
	if len(p.Items) == 0 {
		return zero, false
	}
	return p.Items[len(p.Items)-1], true
}
