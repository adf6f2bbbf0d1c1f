package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// notDataAccess are functions that call Scope.Where without serving a
// user's request for data: dropping their filter cannot leak anything.
var notDataAccess = map[string]string{
	"auth.hasHouseholds": "picks regions for the demo accounts at start-up",
}

// TestMutantScopeFilters is the proof the access issue asks for: for every
// function outside package store that builds a scope filter, a mutant build
// (tag fangpin_scope_mutant) drops that one filter, and the scope tests
// (TestScope*) of the whole module must then fail. A mutant that survives
// names a query whose scope no test checks.
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
	funcs := scopedFuncs(t, root)
	if len(funcs) < 6 {
		t.Fatalf("found only %v: the discovery is broken", funcs)
	}
	run := func(drop, pkgs string) (bool, string) {
		cmd := exec.Command(goBin, "test", "-tags", "fangpin_scope_mutant", "-count=1", "-run", "^TestScope", pkgs)
		cmd.Dir = root
		cmd.Env = append(withoutEnv("FANGPIN_TEST_PG"), "FANGPIN_MUTANT_DROP="+drop, "FANGPIN_MUTANT_RUN=1")
		out, err := cmd.CombinedOutput()
		return err == nil, string(out)
	}
	if ok, out := run("", "./internal/..."); !ok {
		t.Fatalf("the scope tests fail without a mutant:\n%s", out)
	}
	// The function's own package's scope tests usually kill its mutant; only
	// a survivor is tried against every package's (the web tests, say).
	for _, fn := range funcs {
		if ok, _ := run(fn.name, "./"+fn.dir); !ok {
			continue
		}
		if ok, _ := run(fn.name, "./internal/..."); ok {
			t.Errorf("dropping the scope filter of %s breaks no TestScope* test", fn.name)
		}
	}
}

// scoped is a function that builds a scope filter, and its package's
// directory relative to the module root.
type scoped struct{ name, dir string }

// scopedFuncs lists pkg.Func (or pkg.(*T).Method) for every function that
// calls X.Where(…) outside package store and its tests.
func scopedFuncs(t *testing.T, root string) []scoped {
	t.Helper()
	var out []scoped
	dir := filepath.Join(root, "internal")
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if strings.Contains(path, string(filepath.Separator)+"store"+string(filepath.Separator)) {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !callsWhere(fd.Body) {
				continue
			}
			name := f.Name.Name + "." + funcName(fd)
			if _, skip := notDataAccess[name]; !skip {
				rel, err := filepath.Rel(root, filepath.Dir(path))
				if err != nil {
					return err
				}
				out = append(out, scoped{name, filepath.ToSlash(rel)})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func callsWhere(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Where" {
				found = true
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
