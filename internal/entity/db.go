package entity

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// visible is the condition that entity e is of scope: registered in it,
// covering an area in it, or linking, holding shares of or dividing to a
// household of it.
func visible(scope store.Scope) (string, []any, error) {
	var conds []string
	var args []any
	for _, c := range []string{"e.region_code", "x.region_code"} {
		w, a, err := scope.Where(c)
		if err != nil {
			return "", nil, err
		}
		if c == "e.region_code" {
			conds, args = append(conds, w), append(args, a...)
			continue
		}
		for _, t := range []string{"entity_areas", "entity_links", "entity_shares", "entity_agreements"} {
			conds = append(conds, "EXISTS (SELECT 1 FROM "+t+" x WHERE x.entity_id = e.id AND "+w+")")
			args = append(args, a...)
		}
	}
	return "(" + strings.Join(conds, " OR ") + ")", args, nil
}

// Filter narrows the list of entities.
type Filter struct {
	Kind     string // one of Kinds, "" for all
	Level    string // one of Levels, "none" for none, "" for all
	Name     string // part of the name
	OnlyWeak bool   // only the entities linked only by Weak mechanisms
}

// Row is an entity of the list with its figures inside the scope.
type Row struct {
	Entity
	Households int   // distinct households of the scope linked
	SharesFen  int64 // shares of households of the scope
	Agreements int   // agreements with households of the scope
	Overdue    int   // payouts of the scope overdue on the day
	OnlyWeak   bool  // linked only by Weak mechanisms (OnlyWeak)
}

// List returns the entities of scope matching f, by county and name, with
// their figures inside the scope on day.
func List(ctx context.Context, q store.Querier, scope store.Scope, f Filter, day civil.Date) ([]Row, error) {
	vis, args, err := visible(scope)
	if err != nil {
		return nil, err
	}
	cond := vis
	if f.Kind != "" {
		cond, args = cond+" AND e.kind = ?", append(args, f.Kind)
	}
	switch f.Level {
	case "":
	case "none":
		cond += " AND e.level = ''"
	default:
		cond, args = cond+" AND e.level = ?", append(args, f.Level)
	}
	if f.Name != "" {
		cond, args = cond+" AND e.name LIKE ?", append(args, "%"+strings.NewReplacer("%", "", "_", "").Replace(f.Name)+"%")
	}
	es, err := load(ctx, q, cond, args)
	if err != nil {
		return nil, err
	}
	counts, err := countsOf(ctx, q, scope, day)
	if err != nil {
		return nil, err
	}
	var out []Row
	for _, e := range es {
		r := counts[e.ID]
		r.Entity = e.Entity
		r.OnlyWeak = OnlyWeak(e.all)
		if f.OnlyWeak && !r.OnlyWeak {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// loaded is an entity with every mechanism it has: declared and of all its
// links.
type loaded struct {
	Entity
	created string
	all     []string
}

// load reads the entities e matching cond with their areas and mechanisms.
func load(ctx context.Context, q store.Querier, cond string, args []any) ([]loaded, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.name, e.credit_code, e.kind, e.level, e.region_code, e.created_at
		FROM entities e WHERE `+cond+` ORDER BY e.region_code, e.name, e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("entity: list: %w", err)
	}
	var out []loaded
	byID := map[int64]int{}
	for rows.Next() {
		var e loaded
		if err := rows.Scan(&e.ID, &e.Name, &e.CreditCode, &e.Kind, &e.Level, &e.County, &e.created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("entity: list: %w", err)
		}
		byID[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// the rows of the entities read: a few per entity
	of := " WHERE x.entity_id IN (SELECT e.id FROM entities e WHERE " + cond + ")"
	add := func(query string, fn func(e *loaded, v string)) error {
		return store.Each(ctx, q, "entity: list", func(rows store.Scanner) error {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			if i, ok := byID[id]; ok {
				fn(&out[i], v)
			}
			return nil
		}, query+of, args...)
	}
	if err := add("SELECT x.entity_id, x.region_code FROM entity_areas x", func(e *loaded, v string) {
		e.Areas = append(e.Areas, v)
	}); err != nil {
		return nil, err
	}
	if err := add("SELECT x.entity_id, x.mechanism FROM entity_mechanisms x", func(e *loaded, v string) {
		e.Mechanisms = append(e.Mechanisms, v)
		e.all = append(e.all, v)
	}); err != nil {
		return nil, err
	}
	if err := add("SELECT DISTINCT x.entity_id, x.mechanism FROM entity_links x", func(e *loaded, v string) {
		e.all = append(e.all, v)
	}); err != nil {
		return nil, err
	}
	for i := range out {
		slices.Sort(out[i].Areas)
		slices.SortFunc(out[i].Mechanisms, func(a, b string) int {
			return slices.Index(Mechanisms, a) - slices.Index(Mechanisms, b)
		})
	}
	return out, nil
}

// countsOf are each entity's figures inside scope on day.
func countsOf(ctx context.Context, q store.Querier, scope store.Scope, day civil.Date) (map[int64]Row, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	out := map[int64]Row{}
	for _, c := range []struct {
		query string
		args  []any
		set   func(r *Row, v int64)
	}{
		{"SELECT entity_id, count(DISTINCT household_id) FROM entity_links WHERE " + where + " GROUP BY entity_id", args,
			func(r *Row, v int64) { r.Households = int(v) }},
		{"SELECT entity_id, CAST(sum(amount_fen) AS BIGINT) FROM entity_shares WHERE " + where + " GROUP BY entity_id", args,
			func(r *Row, v int64) { r.SharesFen = v }},
		{"SELECT entity_id, count(*) FROM entity_agreements WHERE " + where + " GROUP BY entity_id", args,
			func(r *Row, v int64) { r.Agreements = int(v) }},
		{"SELECT entity_id, count(*) FROM entity_payouts WHERE due < ? AND (paid IS NULL OR paid > ?) AND " + where +
			" GROUP BY entity_id", append([]any{day.String(), day.String()}, args...),
			func(r *Row, v int64) { r.Overdue = int(v) }},
	} {
		rows, err := q.QueryContext(ctx, c.query, c.args...)
		if err != nil {
			return nil, fmt.Errorf("entity: counts: %w", err)
		}
		for rows.Next() {
			var id, v int64
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return nil, fmt.Errorf("entity: counts: %w", err)
			}
			r := out[id]
			c.set(&r, v)
			out[id] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Get returns entity id if it is of scope; store.ErrNotFound otherwise.
func Get(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Entity, error) {
	vis, args, err := visible(scope)
	if err != nil {
		return Entity{}, err
	}
	es, err := load(ctx, q, "e.id = ? AND "+vis, append([]any{id}, args...))
	if err != nil {
		return Entity{}, err
	}
	if len(es) == 0 {
		return Entity{}, store.ErrNotFound
	}
	return es[0].Entity, nil
}

// Line is one household's row of an entity (a link, share, agreement or
// payout), named as people name households.
type Line struct {
	ID            int64
	EntityID      int64
	EntityName    string
	HouseholdID   int64
	HouseholdCode string
	Head          string // the current head's name
	Region        string
	Mechanism     string     // links
	AmountFen     int64      // shares, payouts
	Source        string     // shares
	Day           civil.Date // shares: paid in; agreements: signed
	RatePermille  int64      // agreements (see Agreement)
	FixedFen      int64      // agreements
	DueMonth      int        // agreements
	DueDay        int        // agreements
	AgreementID   int64      // payouts
	Year          int        // payouts
	Due, Paid     civil.Date // payouts (Paid 0 while unpaid)
	Evidence      string     // payouts
}

// Detail is what a page shows of an entity, or of a household: the lines of
// households of the scope.
type Detail struct {
	Links, Shares, Agreements, Payouts []Line
}

// lineQueries read the lines of each kind; cond filters on the row's
// columns (alias x) and h (its household).
var lineQueries = [4]string{
	`SELECT x.id, x.entity_id, e.name, x.household_id, h.code, x.region_code, x.mechanism FROM entity_links x
		JOIN entities e ON e.id = x.entity_id JOIN households h ON h.id = x.household_id WHERE %s ORDER BY x.region_code, h.code, x.mechanism`,
	`SELECT x.id, x.entity_id, e.name, x.household_id, h.code, x.region_code, x.amount_fen, x.source, x.day FROM entity_shares x
		JOIN entities e ON e.id = x.entity_id JOIN households h ON h.id = x.household_id WHERE %s ORDER BY x.day, h.code, x.id`,
	`SELECT x.id, x.entity_id, e.name, x.household_id, h.code, x.region_code, coalesce(x.rate_permille, 0), coalesce(x.fixed_fen, 0),
		x.due_month, x.due_day, x.signed FROM entity_agreements x
		JOIN entities e ON e.id = x.entity_id JOIN households h ON h.id = x.household_id WHERE %s ORDER BY x.region_code, h.code`,
	`SELECT x.id, x.entity_id, e.name, x.household_id, h.code, x.region_code, x.agreement_id, x.year, x.amount_fen, x.due,
		coalesce(x.paid, ''), x.evidence FROM entity_payouts x
		JOIN entities e ON e.id = x.entity_id JOIN households h ON h.id = x.household_id WHERE %s ORDER BY x.year DESC, x.due, h.code`,
}

// Lines returns the lines of households of scope, of entity entityID or
// (entityID 0) of household householdID.
func Lines(ctx context.Context, q store.Querier, scope store.Scope, entityID, householdID int64) (Detail, error) {
	cond, arg := "x.entity_id = ?", entityID
	if entityID == 0 {
		cond, arg = "x.household_id = ?", householdID
	}
	var d Detail
	for k, out := range [4]*[]Line{&d.Links, &d.Shares, &d.Agreements, &d.Payouts} {
		var err error
		if *out, err = queryLines(ctx, q, scope, k, cond, arg); err != nil {
			return Detail{}, err
		}
	}
	return d, nil
}

// Overdue returns the payouts of households of scope overdue on day
// (Payout.OverdueOn), oldest due first.
func Overdue(ctx context.Context, q store.Querier, scope store.Scope, day civil.Date) ([]Line, error) {
	ls, err := queryLines(ctx, q, scope, 3, "x.due < ? AND (x.paid IS NULL OR x.paid > ?)", day.String(), day.String())
	slices.SortStableFunc(ls, func(a, b Line) int { return int(a.Due - b.Due) })
	return ls, err
}

// queryLines reads the lines of kind k (the index of lineQueries) of
// households of scope matching cond (on x, the row), with their heads.
func queryLines(ctx context.Context, q store.Querier, scope store.Scope, k int, cond string, args ...any) ([]Line, error) {
	where, wargs, err := scope.Where("x.region_code")
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, fmt.Sprintf(lineQueries[k], where+" AND "+cond), append(wargs, args...)...)
	if err != nil {
		return nil, fmt.Errorf("entity: lines: %w", err)
	}
	var out []Line
	var codes []string
	for rows.Next() {
		l, err := scanLine(rows, k)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, l)
		codes = append(codes, l.HouseholdCode)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	heads, err := registry.HeadNames(ctx, q, scope, codes)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Head = heads[out[i].HouseholdCode]
	}
	return out, nil
}

// scanLine reads a line of kind k (the index of lineQueries).
func scanLine(rows *sql.Rows, k int) (Line, error) {
	var l Line
	dest := []any{&l.ID, &l.EntityID, &l.EntityName, &l.HouseholdID, &l.HouseholdCode, &l.Region}
	var day, paid string
	switch k {
	case 0:
		dest = append(dest, &l.Mechanism)
	case 1:
		dest = append(dest, &l.AmountFen, &l.Source, &day)
	case 2:
		dest = append(dest, &l.RatePermille, &l.FixedFen, &l.DueMonth, &l.DueDay, &day)
	case 3:
		dest = append(dest, &l.AgreementID, &l.Year, &l.AmountFen, &day, &paid, &l.Evidence)
	}
	if err := rows.Scan(dest...); err != nil {
		return l, fmt.Errorf("entity: lines: %w", err)
	}
	var err error
	if day != "" {
		l.Day, err = civil.ParseISO(day)
	}
	if err == nil && paid != "" {
		l.Paid, err = civil.ParseISO(paid)
	}
	if k == 3 {
		l.Due, l.Day = l.Day, 0
	}
	if err != nil {
		return l, fmt.Errorf("entity: line %d: %w", l.ID, err)
	}
	return l, nil
}
