package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// notDataAccess are functions that build a scope filter without serving a
// user's request for household data: dropping their filter cannot leak
// anything, and no test can tell (the mutant is equivalent).
var notDataAccess = map[string]string{
	"auth.hasHouseholds":  "picks regions for the demo accounts at start-up",
	"auth.firstPopulated": "picks regions for the demo accounts at start-up",
	"visit.groupSettings": "reads must-visit settings, not household data; a setting outside the scope is in force at none of its households, so without the range it is read and never applied",
	"incomeline.Load":     "reads income lines, not household data; a line outside the scope applies to none of its households, so without the filter it is read and never applied",
	"stats.rewind": "an index pre-filter: MonitoredAt keeps only households whose village on the day lies " +
		"in the scope (Scope.Contains), which TestScopeOverviewAsOf checks",
	"stats.(*sectorRun).inScope": "an index pre-filter: inScope (under each, members, retrofits and retrofitRecords) keeps only rows " +
		"whose household's village on as_of lies in the scope (Scope.Contains), which TestScopeSectors and TestScopeSectorsCover check",
	"stats.(*sectorRun).prefilter": "a pre-filter: feedRows keeps only rows whose household's village on as_of lies " +
		"in the scope (Scope.Contains, in placeOf), which TestScopeSectors checks",
}

// TestMutantScopeFilters is the proof the access issue asks for: for every
// function outside package store that builds a scope filter (Scope.Where
// or Scope.Range), a mutant build (tag fangpin_scope_mutant) drops that one
// filter, and the scope tests (TestScope*) of the whole module must then
// fail. A mutant that survives names a query whose scope no test checks.
func TestMutantScopeFilters(t *testing.T) {
	if os.Getenv("FANGPIN_MUTANT_RUN") != "" {
		t.Skip("inside a mutant run")
	}
	if testing.Short() {
		t.Skip("builds and runs the scope tests once per scoped function")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	funcs, testDirs := scopedFuncs(t, root)
	if len(funcs) < 6 || len(testDirs) < 6 {
		t.Fatalf("found only %v and scope tests in %v: the discovery is broken", funcs, testDirs)
	}
	// The mutant build is the same for every mutant (the environment picks
	// the filter to drop), so each package's test binary is built once.
	bins := t.TempDir()
	build := exec.Command(goBin, append([]string{"test", "-c", "-tags", "fangpin_scope_mutant", "-o", bins}, dotSlash(testDirs)...)...)
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the mutant tests: %v\n%s", err, out)
	}
	run := func(drop string, dirs []string) (bool, string) {
		for _, dir := range dirs {
			cmd := exec.Command(filepath.Join(bins, filepath.Base(dir)+".test"), "-test.run", "^TestScope", "-test.count=1", "-test.failfast")
			cmd.Dir = filepath.Join(root, dir)
			cmd.Env = append(withoutEnv("FANGPIN_TEST_PG"), "FANGPIN_MUTANT_DROP="+drop, "FANGPIN_MUTANT_RUN=1")
			if out, err := cmd.CombinedOutput(); err != nil {
				return false, dir + ":\n" + string(out)
			}
		}
		return true, ""
	}
	if ok, out := run("", testDirs); !ok {
		t.Fatalf("the scope tests fail without a mutant: %s", out)
	}
	// The function's own package's scope tests usually kill its mutant; only
	// a survivor is tried against every package's (the web tests, say). A
	// run stops at its first failing test (a killed mutant needs no more),
	// and the mutants run side by side, one per processor.
	jobs := make(chan scoped)
	var wg sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for fn := range jobs {
				if slices.Contains(testDirs, fn.dir) {
					if ok, _ := run(fn.name, []string{fn.dir}); !ok {
						continue
					}
				}
				if ok, _ := run(fn.name, testDirs); ok {
					t.Errorf("dropping the scope filter of %s breaks no TestScope* test", fn.name)
				}
			}
		}()
	}
	for _, fn := range funcs {
		jobs <- fn
	}
	close(jobs)
	wg.Wait()
}

func dotSlash(dirs []string) []string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = "./" + d
	}
	return out
}

// scoped is a function that builds a scope filter, and its package's
// directory relative to the module root.
type scoped struct{ name, dir string }

// scopedFuncs lists pkg.Func (or pkg.(*T).Method) for every function that
// calls X.Where(…), X.NarrowWhere(…) or X.Range() outside package store
// and its tests, and the directories of the packages that have TestScope*
// tests.
func scopedFuncs(t *testing.T, root string) ([]scoped, []string) {
	t.Helper()
	var out []scoped
	var testDirs []string
	dir := filepath.Join(root, "internal")
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		if strings.Contains(path, string(filepath.Separator)+"store"+string(filepath.Separator)) {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			switch {
			case !ok || fd.Body == nil:
			case strings.HasSuffix(path, "_test.go"):
				if strings.HasPrefix(fd.Name.Name, "TestScope") && !slices.Contains(testDirs, rel) {
					testDirs = append(testDirs, rel)
				}
			case buildsFilter(fd.Body):
				name := f.Name.Name + "." + funcName(fd)
				if _, skip := notDataAccess[name]; !skip {
					out = append(out, scoped{name, rel})
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	sort.Strings(testDirs)
	return out, testDirs
}

// buildsFilter reports whether a body calls X.Where(…), X.NarrowWhere(…)
// or X.Range(), the ways to turn a scope into SQL.
func buildsFilter(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
				name := sel.Sel.Name
				found = name == "Where" || name == "NarrowWhere" || name == "Range" && len(c.Args) == 0
			}
		}
		return !found
	})
	return found
}

// funcName renders a declaration as the runtime names it: F or (*T).M.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	switch r := fd.Recv.List[0].Type.(type) {
	case *ast.StarExpr:
		if id, ok := r.X.(*ast.Ident); ok {
			return "(*" + id.Name + ")." + fd.Name.Name
		}
	case *ast.Ident:
		return r.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

func withoutEnv(name string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, name+"=") {
			env = append(env, kv)
		}
	}
	return env
}
