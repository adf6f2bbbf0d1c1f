package region

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fangpin/internal/store"
)

// Errors of Resolve, matched with errors.Is; the error itself is a *NameError
// with a Chinese message.
var (
	ErrNameNotFound  = errors.New("region: name not found")
	ErrNameAmbiguous = errors.New("region: ambiguous name")
)

// NameError tells which name of a path did not resolve, and why.
type NameError struct {
	Level  int      // level of the failing name
	Name   string   // the name as given (trimmed)
	Parent Region   // the region it was looked for under; zero for a province
	Codes  []string // the matching codes, when ambiguous
	Err    error    // ErrNameNotFound or ErrNameAmbiguous
}

func (e *NameError) Error() string {
	where := ""
	if e.Parent.Code != "" {
		where = "（上级：" + e.Parent.Name + "）"
	}
	kind := LevelName(e.Level)
	switch {
	case errors.Is(e.Err, ErrNameAmbiguous):
		return fmt.Sprintf("%s\"%s\"有%d个同名区划%s：%s", kind, e.Name, len(e.Codes), where, strings.Join(e.Codes, "、"))
	case e.Name == "":
		return fmt.Sprintf("缺少%s名称%s", kind, where)
	}
	return fmt.Sprintf("找不到%s\"%s\"%s", kind, e.Name, where)
}

// Unwrap returns ErrNameNotFound or ErrNameAmbiguous.
func (e *NameError) Unwrap() error { return e.Err }

// Resolver turns name paths (省/市/县/乡镇/村) into village codes, caching each
// parent's children (loaded in one query the first time they are needed) and
// every resolved path, so a million-row import costs about one query per
// township. It is not safe for concurrent use: give each goroutine its own.
// It does not see regions changed after their parent was cached.
type Resolver struct {
	q        store.Querier
	children map[string]map[string][]Region // parent code ("" for provinces) → name → regions
	paths    map[[5]string]string
}

// NewResolver returns a Resolver reading regions through q.
func NewResolver(q store.Querier) *Resolver {
	return &Resolver{q: q, children: make(map[string]map[string][]Region), paths: make(map[[5]string]string)}
}

// Resolve returns the code of the village named by the path. Names are
// matched exactly after trimming spaces. An empty county means the township
// lies directly under the city (东莞, 中山, 儋州). The error is a *NameError
// matching ErrNameNotFound or ErrNameAmbiguous, or a database error.
func (r *Resolver) Resolve(ctx context.Context, province, city, county, township, village string) (string, error) {
	names := [5]string{province, city, county, township, village}
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	if code, ok := r.paths[names]; ok {
		return code, nil
	}
	code, err := r.walk(ctx, names)
	if err != nil {
		return "", err
	}
	r.paths[names] = code
	return code, nil
}

// walk goes down the levels, each name looked up among the previous one's
// children of the expected level.
func (r *Resolver) walk(ctx context.Context, names [5]string) (string, error) {
	var at Region
	for level := LevelProvince; level <= LevelVillage; level++ {
		name := names[level-1]
		if level == LevelCounty && name == "" {
			continue
		}
		next, err := r.child(ctx, at, level, name)
		if err != nil && level == LevelTownship && at.Level == LevelCity && errors.Is(err, ErrNameNotFound) {
			next, err = r.viaNamesake(ctx, at, name, err)
		}
		if err != nil {
			return "", err
		}
		at = next
	}
	return at.Code, nil
}

// viaNamesake looks a township up under the county-level unit that bears its
// city's name (嘉峪关市 → 嘉峪关市 → its towns), for files that leave the county
// empty there as they do for cities without counties. Otherwise it returns
// the original error.
func (r *Resolver) viaNamesake(ctx context.Context, city Region, township string, orig error) (Region, error) {
	county, err := r.child(ctx, city, LevelCounty, city.Name)
	if err != nil {
		return Region{}, orig
	}
	next, err := r.child(ctx, county, LevelTownship, township)
	if errors.Is(err, ErrNameNotFound) {
		return Region{}, orig
	}
	return next, err
}

// child finds the one child of parent with the given level and name.
func (r *Resolver) child(ctx context.Context, parent Region, level int, name string) (Region, error) {
	kids, err := r.load(ctx, parent.Code)
	if err != nil {
		return Region{}, err
	}
	var hits []Region
	for _, k := range kids[name] {
		if k.Level == level {
			hits = append(hits, k)
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0], nil
	case len(hits) == 0:
		return Region{}, &NameError{Level: level, Name: name, Parent: parent, Err: ErrNameNotFound}
	}
	codes := make([]string, len(hits))
	for i, h := range hits {
		codes[i] = h.Code
	}
	return Region{}, &NameError{Level: level, Name: name, Parent: parent, Codes: codes, Err: ErrNameAmbiguous}
}

// load returns the children of parent ("" for the provinces) by name.
func (r *Resolver) load(ctx context.Context, parent string) (map[string][]Region, error) {
	if m, ok := r.children[parent]; ok {
		return m, nil
	}
	query, args := selectRegion+"WHERE parent_code = ? ORDER BY code", []any{parent}
	if parent == "" {
		query, args = selectRegion+"WHERE parent_code IS NULL ORDER BY code", nil
	}
	rs, err := list(ctx, r.q, query, args...)
	if err != nil {
		return nil, fmt.Errorf("region: resolve: children of %q: %w", parent, err)
	}
	m := make(map[string][]Region, len(rs))
	for _, x := range rs {
		m[x.Name] = append(m[x.Name], x)
	}
	r.children[parent] = m
	return m, nil
}
