package store

import "errors"

// ErrNotFound is returned when a looked-up row does not exist or lies outside
// the caller's scope (the two are not told apart, so ids do not leak).
var ErrNotFound = errors.New("not found")
