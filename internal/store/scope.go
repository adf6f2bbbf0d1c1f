package store

import (
	"errors"
	"fmt"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/regcode"
)

// Scope is the region a caller may read and change: a region code prefix.
// The zero Scope is invalid, so a store call that forgets to pass one fails
// loudly instead of reading the whole country.
type Scope struct {
	prefix string
	set    bool
}

// ErrNoScope is returned by every scoped store call given the zero Scope.
var ErrNoScope = errors.New("store: call without a region scope")

// ScopeAll is the scope of a national administrator: every region.
func ScopeAll() Scope { return Scope{prefix: "", set: true} }

// ScopeOf returns the scope of a 12-digit region code: its significant prefix
// (2 digits for a province, 4 for a city, 6 for a county, 9 for a township,
// 12 for a village).
func ScopeOf(code string) (Scope, error) {
	p, err := regcode.Prefix(code)
	if err != nil {
		return Scope{}, err
	}
	return Scope{prefix: p, set: true}, nil
}

// MustScope is ScopeOf for codes known to be valid (tests, constants).
func MustScope(code string) Scope {
	s, err := ScopeOf(code)
	if err != nil {
		panic(err)
	}
	return s
}

// ErrBadRegion is a region parameter that is not a 12-digit division code:
// the one answer (422, field "region") of every list and figure asked for
// a malformed region.
var ErrBadRegion = fault.Invalidf("region", "区划代码应为12位数字", "region must be a 12-digit division code")

// Narrow is the scope of a requested region inside s: s itself for "", the
// region's scope when it lies inside s, ErrBadRegion for a malformed code
// and ErrNotFound for a region outside s (which looks like one that does
// not exist). Every list, figure and export narrows through it.
func (s Scope) Narrow(region string) (Scope, error) {
	if !s.set {
		return Scope{}, ErrNoScope
	}
	if region == "" {
		return s, nil
	}
	n, err := ScopeOf(region)
	if err != nil {
		return Scope{}, ErrBadRegion
	}
	if !n.Within(s) {
		return Scope{}, fmt.Errorf("store: region %s outside scope %s: %w", region, s, ErrNotFound)
	}
	return n, nil
}

// Valid reports whether s was built by ScopeOf or ScopeAll.
func (s Scope) Valid() bool { return s.set }

// Prefix is the region code prefix of the scope ("" for the whole country).
func (s Scope) Prefix() string { return s.prefix }

// Contains reports whether a region code lies inside the scope.
func (s Scope) Contains(code string) bool { return s.set && strings.HasPrefix(code, s.prefix) }

// Within reports whether other is equal to or narrower than s.
func (s Scope) Within(other Scope) bool {
	return s.set && other.set && strings.HasPrefix(s.prefix, other.prefix)
}

// Range returns the half-open interval [lo, hi) of region codes in the scope,
// for an index range scan: region_code >= lo AND region_code < hi.
func (s Scope) Range() (lo, hi string, err error) {
	if !s.set {
		return "", "", ErrNoScope
	}
	if s.prefix == "" || mutantDrop() {
		return "", "~", nil
	}
	return s.prefix, s.prefix + "~", nil
}

// Where returns an SQL condition restricting column to the scope, with its two
// arguments. Every household-level query uses it.
func (s Scope) Where(column string) (string, []any, error) {
	lo, hi, err := s.Range()
	if err != nil {
		return "", nil, err
	}
	if mutantDrop() {
		return "(1 = 1 OR " + column + " >= ? OR " + column + " < ?)", []any{lo, hi}, nil
	}
	return column + " >= ? AND " + column + " < ?", []any{lo, hi}, nil
}

// NarrowWhere is Where(column) of the scope Narrow(region), the way a list
// filtered by a requested region turns its scope into SQL.
func (s Scope) NarrowWhere(region, column string) (string, []any, error) {
	n, err := s.Narrow(region)
	if err != nil {
		return "", nil, err
	}
	return n.Where(column)
}

func (s Scope) String() string {
	if !s.set {
		return "<no scope>"
	}
	if s.prefix == "" {
		return "<all>"
	}
	return s.prefix
}
