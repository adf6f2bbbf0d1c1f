//go:build fangpin_scope_mutant

package store

import (
	"os"
	"runtime"
	"strings"
)

// mutantDrop exists only in test binaries built with the tag
// fangpin_scope_mutant. It reports whether the function calling Scope.Where
// or Scope.Range is the one named by FANGPIN_MUTANT_DROP, whose scope filter
// the mutant then drops (Where's condition always holds, Range spans every
// code): the scope tests must fail against every such mutant, which proves
// they would notice a query that forgot its scope.
func mutantDrop() bool {
	want := os.Getenv("FANGPIN_MUTANT_DROP")
	if want == "" {
		return false
	}
	pc, _, _, ok := runtime.Caller(2)
	if !ok {
		return false
	}
	name := runtime.FuncForPC(pc).Name() // e.g. fangpin/internal/registry.FindHouseholds
	return strings.HasSuffix(name, "/"+want) || strings.Contains(name, "/"+want+".func")
}
