// Package cache keeps recently used values in memory.
package cache

import (
	"errors"
	"sync"
	"time"
)

// ErrMissing is returned by Get for a key that is not cached.
var ErrMissing = errors.New("cache: missing key")

// Entry is one cached value.
type Entry[V any] struct {
	Value   V
	Expires time.Time
}

// Cache maps keys to entries.
type Cache[V any] struct {
	sync.Mutex
	entries map[string]Entry[V]
	ttl     time.Duration
	onEvict func(key string, e Entry[V])
}

// New returns an empty cache whose entries live for ttl.
func New[V any](ttl time.Duration) *Cache[V] {
	return &Cache[V]{entries: make(map[string]Entry[V]), ttl: ttl}
}

// Get returns the value cached for key.
func (c *Cache[V]) Get(key string) (V, error) {
	c.Lock()
	defer c.Unlock()
	e, ok := c.entries[key]
	if !ok || time.Now().After(e.Expires) {
		var zero V
		return zero, ErrMissing
	}
	return e.Value, nil
}

// Put caches value under key.
func (c *Cache[V]) Put(key string, value V) {
	c.Lock()
	defer c.Unlock()
	if old, ok := c.entries[key]; ok && c.onEvict != nil {
		c.onEvict(key, old)
	}
	c.entries[key] = Entry[V]{Value: value, Expires: time.Now().Add(c.ttl)}
}

// GetOrPut returns the cached value, or caches and returns make's.
func (c *Cache[V]) GetOrPut(key string, make func() V) V {
	if v, err := c.Get(key); err == nil {
		return v
	}
	v := make()
	c.Put(key, v)
	return v
}
