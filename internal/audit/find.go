package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fangpin/internal/regcode"
	"fangpin/internal/store"
)

// Entry is one stored audit entry.
type Entry struct {
	ID                               int64
	At                               time.Time
	UserID                           int64 // 0: the system or the command line
	Username, Role, IP               string
	Action, Entity, EntityID, Region string
	Detail                           string // JSON, personal values masked; "" when none
	PrevHash, Hash                   string
}

// Filter narrows Find. Zero fields do not filter. Region is a 12-digit code
// inside the scope whose entries (and those of the regions under it) are
// wanted (outside it: store.ErrNotFound, as every list); From is
// inclusive and To exclusive. Page counts from 1; PerPage defaults to 50 and
// is at most 500.
type Filter struct {
	Username, Region, Action string
	From, To                 time.Time
	Page, PerPage            int
}

// Find returns one page of the entries visible in scope that match f, newest
// first, and how many match in all. An entry is visible when its region lies
// in the scope; entries without a region (logins, user management, global
// exports) are visible only to whole-country and province scopes, whose
// administrators oversee the system itself. The zero scope is refused with
// store.ErrNoScope.
func Find(ctx context.Context, q store.Querier, scope store.Scope, f Filter) ([]Entry, int, error) {
	where, args, err := conditions(scope, f)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: find: %w", err)
	}
	return store.CollectPage(ctx, q, "audit: find", scanEntry, "SELECT count(*) FROM audit_log WHERE "+where,
		"SELECT "+columns+" FROM audit_log WHERE "+where+" "+findOrder, args, store.Page{Page: f.Page, PerPage: f.PerPage})
}

// findOrder is Find's order: the newest first.
const findOrder = "ORDER BY id DESC"

// ForEach calls fn with every entry visible in scope that matches f, in
// Find's order (paging ignored), reading them with one cursor so that
// memory stays flat; it stops at the first error of fn or of ctx.
func ForEach(ctx context.Context, q store.Querier, scope store.Scope, f Filter, fn func(Entry) error) error {
	where, args, err := conditions(scope, f)
	if err != nil {
		return fmt.Errorf("audit: entries: %w", err)
	}
	return store.ForEach(ctx, q, "audit: entries", scanEntry, fn, "SELECT "+columns+" FROM audit_log WHERE "+where+" "+findOrder, args...)
}

// conditions builds Find's WHERE clause: the scope first, then the filter.
func conditions(scope store.Scope, f Filter) (string, []any, error) {
	cond, args, err := scope.NarrowWhere(f.Region, "region_code")
	if err != nil {
		return "", nil, err
	}
	if f.Region == "" && regcode.LevelOfPrefix(scope.Prefix()) == regcode.Province {
		cond = "(" + cond + " OR region_code = '')"
	}
	conds := []string{cond}
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if f.Username != "" {
		add("username = ?", f.Username)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC().Format(timeLayout))
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC().Format(timeLayout))
	}
	return strings.Join(conds, " AND "), args, nil
}

// scanEntry reads an entry of the stored columns.
func scanEntry(s store.Scanner) (Entry, error) {
	var r row
	if err := r.scan(s); err != nil {
		return Entry{}, err
	}
	return r.entry()
}

func (r *row) entry() (Entry, error) {
	at, err := time.Parse(time.RFC3339Nano, r.At)
	if err != nil {
		return Entry{}, fmt.Errorf("entry %d: time %q: %w", r.ID, r.At, err)
	}
	return Entry{
		ID: r.ID, At: at, UserID: r.UserID.Int64,
		Username: r.Username, Role: r.Role, IP: r.IP,
		Action: r.Action, Entity: r.Entity, EntityID: r.EntityID, Region: r.Region,
		Detail: r.Detail, PrevHash: r.PrevHash, Hash: r.Hash,
	}, nil
}
