// Package cache implements a size-bounded LRU cache with expiry.
package cache

import (
	"container/list"
	"errors"
	"sync"
	"time"
)

// DefaultTTL is used when New is given a zero TTL.
const DefaultTTL = 5 * time.Minute

// Eviction reasons reported to an OnEvict callback.
const (
	ReasonExpired Reason = iota // the entry outlived its TTL
	ReasonCapacity
	ReasonRemoved
)

var (
	// ErrNotFound is returned by Get for a missing or expired key.
	ErrNotFound = errors.New("cache: not found")
	errClosed   = errors.New("cache: closed")
)

var hits, misses uint64

// Reason says why an entry left the cache.
type Reason int

// Store is the read side of a cache.
type Store[K comparable, V any] interface {
	// Get returns the value for key.
	Get(key K) (V, error)
	Len() int
}

// Cache is an LRU cache safe for concurrent use.
type Cache[K comparable, V any] struct {
	sync.Mutex
	cap, size int
	ttl       time.Duration
	order     *list.List
	items     map[K]*list.Element
	OnEvict   func(key K, value V, why Reason)
	stats     struct {
		hits, misses int
	}
}

type entry[K comparable, V any] struct {
	key     K
	value   V
	expires time.Time
}

// New returns an empty cache holding at most capacity entries.
func New[K comparable, V any](capacity int, ttl time.Duration) *Cache[K, V] {
	if ttl == 0 {
		ttl = DefaultTTL
	}
	return &Cache[K, V]{cap: capacity, ttl: ttl, order: list.New(), items: map[K]*list.Element{}}
}

// Get returns the value for key and marks it recently used.
func (c *Cache[K, V]) Get(key K) (V, error) {
	c.Lock()
	defer c.Unlock()
	var zero V
	el, ok := c.items[key]
	if !ok {
		c.stats.misses++
		return zero, ErrNotFound
	}
	e := el.Value.(*entry[K, V])
	if time.Now().After(e.expires) {
		c.remove(el, ReasonExpired)
		return zero, ErrNotFound
	}
	c.order.MoveToFront(el)
	c.stats.hits++
	return e.value, nil
}

// Put adds or replaces the value for key.
func (c *Cache[K, V]) Put(key K, value V) {
	c.Lock()
	defer c.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*entry[K, V]).value = value
		c.order.MoveToFront(el)
		return
	}
	e := &entry[K, V]{key: key, value: value, expires: time.Now().Add(c.ttl)}
	c.items[key] = c.order.PushFront(e)
	for c.order.Len() > c.cap {
		c.remove(c.order.Back(), ReasonCapacity)
	}
}

func (c *Cache[K, V]) remove(el *list.Element, why Reason) {
	e := c.order.Remove(el).(*entry[K, V])
	delete(c.items, e.key)
	if c.OnEvict != nil {
		c.OnEvict(e.key, e.value, why)
	}
}

// Len reports the number of entries, expired ones included.
func (c Cache[K, V]) Len() int { return c.order.Len() }

func (r Reason) String() string {
	switch r {
	case ReasonExpired:
		return "expired"
	case ReasonCapacity:
		return "capacity"
	}
	return "removed"
}
