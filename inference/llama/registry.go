package llama

import "sync"

// registry hands C an integer key in place of a Go value: a callback's user
// data must not be a Go pointer, so each C callback (one per process, since
// purego callbacks are never freed) looks its Go value up here by key.
type registry[T any] struct {
	mu   sync.Mutex
	next uintptr
	m    map[uintptr]T
}

// add stores v under a new key (never 0, so NULL user data is never a key).
func (r *registry[T]) add(v T) uintptr {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[uintptr]T{}
	}
	r.next++
	r.m[r.next] = v
	return r.next
}

// get returns the value stored under key (the zero T when none).
func (r *registry[T]) get(key uintptr) T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m[key]
}

// remove forgets key.
func (r *registry[T]) remove(key uintptr) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, key)
}
