package store

import "fangpin/internal/fault"

// ErrNotFound is returned when a looked-up row does not exist or lies outside
// the caller's scope (the two are not told apart, so ids do not leak). It is
// fault.ErrNotFound, so the web layer maps it with every other domain error.
var ErrNotFound = fault.ErrNotFound
