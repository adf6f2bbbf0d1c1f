package visit

import (
	"context"
	"fmt"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// LogFilter narrows the visit log (走访记录). Region is a 12-digit code
// inside the scope ("" for the whole scope); From and To are the first and
// last day of the visits (YYYY-MM-DD, "" for no bound). Page counts from 1;
// PerPage defaults to 50 and is at most 500.
type LogFilter struct {
	Region, From, To string
	Page, PerPage    int
}

// LogEntry is one recorded visit with its household and the checklist
// items it found a problem with (answers in full are on the household
// page).
type LogEntry struct {
	Visit
	HouseholdCode, HeadName string
	Problems                []string // labels of the items found a problem, in checklist order
}

// Log returns one page of the scope's recorded visits matching f, the
// latest first, and how many there are in all. A Region outside the scope
// is store.ErrNotFound; a malformed day is fault.Invalid.
func Log(ctx context.Context, q store.Querier, scope store.Scope, f LogFilter) ([]LogEntry, int, error) {
	where, args, err := f.conditions(scope)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM visits v WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("visit: log: %w", err)
	}
	limit, offset := store.Page{Page: f.Page, PerPage: f.PerPage}.Limits()
	var out []LogEntry
	err = eachLog(ctx, q, where, " LIMIT ? OFFSET ?", append(args, limit, offset), limit, func(e LogEntry) error {
		out = append(out, e)
		return nil
	})
	return out, total, err
}

// ForEachLog calls fn with every recorded visit of the scope matching f, in
// Log's order (paging ignored). It reads the visits with one cursor and
// their problems detailBatch visits at a time, so memory stays flat; it
// stops at the first error of fn or of ctx.
func ForEachLog(ctx context.Context, q store.Querier, scope store.Scope, f LogFilter, fn func(LogEntry) error) error {
	where, args, err := f.conditions(scope)
	if err != nil {
		return err
	}
	return eachLog(ctx, q, where, "", args, detailBatch, fn)
}

// conditions is the WHERE clause of the filter over visits v, the scope
// narrowed to f.Region first.
func (f LogFilter) conditions(scope store.Scope) (string, []any, error) {
	where, args, err := scope.NarrowWhere(f.Region, "v.region_code")
	if err != nil {
		return "", nil, err
	}
	conds := []string{where}
	for _, b := range []struct{ field, day, op string }{{"from", f.From, ">="}, {"to", f.To, "<="}} {
		if b.day == "" {
			continue
		}
		d, err := civil.ParseISO(b.day)
		if err != nil {
			return "", nil, fault.Invalidf(b.field, "日期格式应为YYYY-MM-DD", "The date must be YYYY-MM-DD")
		}
		conds, args = append(conds, "v.visited_on "+b.op+" ?"), append(args, d.String())
	}
	return strings.Join(conds, " AND "), args, nil
}

const logCols = `v.id, v.household_id, v.region_code, v.visited_on, v.visitor, v.user_id, v.findings, v.photos,
	v.case_id, v.created_at, h.code, COALESCE((SELECT p.name FROM persons p WHERE p.household_id = h.id
	AND p.relation = '户主' AND p.active = 1 ORDER BY p.id LIMIT 1), '')`

// eachLog reads the visits of a WHERE clause, the latest first (then the
// limit), and calls fn with each, their problems read batch visits at a
// time.
func eachLog(ctx context.Context, q store.Querier, where, limit string, args []any, batch int, fn func(LogEntry) error) error {
	var pending []LogEntry
	err := store.Each(ctx, q, "visit: log", func(rows store.Scanner) error {
		var e LogEntry
		var err error
		if e.Visit, err = scanVisit(rows, &e.HouseholdCode, &e.HeadName); err != nil {
			return err
		}
		if pending = append(pending, e); len(pending) < batch {
			return nil
		}
		err = emitLog(ctx, q, pending, fn)
		pending = pending[:0]
		return err
	}, "SELECT "+logCols+" FROM visits v JOIN households h ON h.id = v.household_id WHERE "+
		where+" ORDER BY v.visited_on DESC, v.id DESC"+limit, args...)
	if err != nil {
		return err
	}
	return emitLog(ctx, q, pending, fn)
}

// emitLog fills in the problems of a batch of visits and hands them to fn.
// Their ids come from the scoped query.
func emitLog(ctx context.Context, q store.Querier, es []LogEntry, fn func(LogEntry) error) error {
	if len(es) == 0 {
		return nil
	}
	args := []any{statusProblem}
	at := make(map[int64]int, len(es))
	for i, e := range es {
		args, at[e.ID] = append(args, e.ID), i
	}
	err := store.Each(ctx, q, "visit: log problems", func(rows store.Scanner) error {
		var id int64
		var label string
		if err := rows.Scan(&id, &label); err != nil {
			return err
		}
		es[at[id]].Problems = append(es[at[id]].Problems, label)
		return nil
	}, "SELECT visit_id, label FROM visit_checks WHERE status = ? AND visit_id IN "+
		store.Placeholders(1, len(es))+" ORDER BY visit_id, position", args...)
	if err != nil {
		return err
	}
	for _, e := range es {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}
