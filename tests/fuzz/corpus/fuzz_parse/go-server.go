// Package kv implements a tiny in-memory key/value HTTP server.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sync"
)

// Store is a concurrency-safe map.
type Store struct {
	mu   sync.RWMutex
	data map[string]string
}

type entry struct {
	Key   string `json:"key"`
	Value string `json:"value,omitempty"`
}

func NewStore() *Store {
	return &Store{data: make(map[string]string)}
}

func (s *Store) Get(key string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.data[key]
	return v, ok
}

func (s *Store) Put(key, value string) {
	s.mu.Lock()
	s.data[key] = value
	s.mu.Unlock()
}

func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	switch r.Method {
	case http.MethodGet:
		v, ok := s.Get(key)
		if !ok {
			http.Error(w, fmt.Sprintf("no key %q\n", key), http.StatusNotFound)
			return
		}
		_ = json.NewEncoder(w).Encode(entry{Key: key, Value: v})
	case http.MethodPut:
		var e entry
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.Put(e.Key, e.Value)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func main() {
	store := NewStore()
	for i, k := range []string{"a", "b\tc", `raw\n`} {
		store.Put(k, fmt.Sprint(i))
	}
	log.Fatal(http.ListenAndServe(":8080", store))
}
