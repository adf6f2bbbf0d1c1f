//go:build fangpin_scope_mutant

package store

import (
	"os"
	"runtime"
	"strings"
)

// mutantDrop exists only in test binaries built with the tag
// fangpin_scope_mutant. It reports whether the first function outside
// package store on the way to Scope.Where or Scope.Range (so through
// Scope.NarrowWhere too) is the one named by FANGPIN_MUTANT_DROP, whose
// scope filter the mutant then drops (Where's condition always holds, Range spans every
// code): the scope tests must fail against every such mutant, which proves
// they would notice a query that forgot its scope.
func mutantDrop() bool {
	want := os.Getenv("FANGPIN_MUTANT_DROP")
	if want == "" {
		return false
	}
	pcs := make([]uintptr, 16)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	for {
		f, more := frames.Next()
		name := f.Function // e.g. fangpin/internal/registry.FindHouseholds
		if !strings.HasPrefix(name, storePkg) {
			return strings.HasSuffix(name, "/"+want) || strings.Contains(name, "/"+want+".func")
		}
		if !more {
			return false
		}
	}
}

// storePkg begins the name of each function of package store: the frames
// mutantDrop skips (Where, Range, NarrowWhere) to reach the domain caller.
var storePkg = func() string {
	pc, _, _, _ := runtime.Caller(0)
	name := runtime.FuncForPC(pc).Name() // fangpin/internal/store.init.func1
	return name[:strings.LastIndex(name, "/store.")+len("/store.")]
}()
