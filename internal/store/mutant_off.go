//go:build !fangpin_scope_mutant

package store

// mutantDrop is always false in real builds; see mutant_on.go.
func mutantDrop() bool { return false }
