package web

import (
	"context"
	"fmt"

	"fangpin/internal/fault"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// nation is the pseudo region code of the national view (the list of
// provinces); it is not a stored region.
const nation = "000000000000"

// checkCode validates the syntax of a region code parameter.
func checkCode(field, code string) error {
	if !regcode.Valid(code) {
		return badRequest(field, fault.T("应为12位数字的区划代码", "must be a 12-digit region code"))
	}
	return nil
}

// scopeRegion is the region code of a scope (nation for the whole country).
func scopeRegion(scope store.Scope) string {
	if scope.Prefix() == "" {
		return nation
	}
	return regcode.Pad(scope.Prefix())
}

// visible reports whether a region may be shown to scope: it lies inside the
// scope, or is one of the scope's ancestors (needed for the breadcrumb).
func visible(scope store.Scope, code string) bool {
	s, err := store.ScopeOf(code)
	if err != nil {
		return false
	}
	return s.Within(scope) || scope.Within(s)
}

// within reports whether a region lies inside scope.
func within(scope store.Scope, code string) bool {
	s, err := store.ScopeOf(code)
	return err == nil && s.Within(scope)
}

// findRegion returns a region the scope may see, ErrNotFound otherwise.
func (s *Server) findRegion(ctx context.Context, scope store.Scope, code string) (region.Region, error) {
	if !scope.Valid() {
		return region.Region{}, store.ErrNoScope
	}
	reg, err := region.Find(ctx, s.cfg.DB.Reader(), code)
	if err != nil {
		return region.Region{}, err
	}
	if !visible(scope, code) {
		return region.Region{}, fmt.Errorf("web: region %s: %w", code, store.ErrNotFound)
	}
	return reg, nil
}

// children returns the sub-regions of code (the provinces for nation) that
// lie inside scope.
func (s *Server) children(ctx context.Context, scope store.Scope, code string) ([]region.Region, error) {
	return s.childrenOn(ctx, scope, code, "")
}

// childrenOn is children as they were on day (YYYY-MM-DD; "" for now): their
// names then, without villages merged into another by then.
func (s *Server) childrenOn(ctx context.Context, scope store.Scope, code, day string) ([]region.Region, error) {
	var rs []region.Region
	var err error
	switch {
	case code == nation:
		rs, err = s.provinces(ctx)
	case day != "":
		rs, err = region.ChildrenAt(ctx, s.cfg.DB.Reader(), code, day)
	default:
		rs, err = region.Children(ctx, s.cfg.DB.Reader(), code)
	}
	if err != nil {
		return nil, err
	}
	out := rs[:0]
	for _, c := range rs {
		if within(scope, c.Code) {
			out = append(out, c)
		}
	}
	return out, nil
}

// provinces lists the stored regions without a parent.
func (s *Server) provinces(ctx context.Context) ([]region.Region, error) {
	return store.Collect(ctx, s.cfg.DB.Reader(), "web: provinces", func(rows store.Scanner) (region.Region, error) {
		var r region.Region
		return r, rows.Scan(&r.Code, &r.Name, &r.Level)
	}, "SELECT code, name, level FROM regions WHERE parent_code IS NULL ORDER BY code")
}

// defaultRegion is the region shown when a request names none: Config.Root
// when inside the scope, else stats.DefaultRegion, else nation.
func (s *Server) defaultRegion(ctx context.Context, scope store.Scope) (string, error) {
	if s.cfg.Root != "" && within(scope, s.cfg.Root) {
		return s.cfg.Root, nil
	}
	code, err := stats.DefaultRegion(ctx, s.cfg.DB.Reader(), scope)
	if code == "" && err == nil {
		code = nation
	}
	return code, err
}

// chain returns the breadcrumb chain of a region (nil for nation).
func (s *Server) chain(ctx context.Context, code string) ([]region.Region, error) {
	if code == nation {
		return nil, nil
	}
	return region.Ancestors(ctx, s.cfg.DB.Reader(), code)
}
