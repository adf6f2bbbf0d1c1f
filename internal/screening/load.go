package screening

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// load reads what a screen needs: one pass over each table, only the
// columns the rules use, feed rows filtered by date in SQL, the tables read
// at once on separate reader connections. Nothing is queried row by row.
// The caller closes the snapshot's spill (s.sp) when done with its views.
func load(ctx context.Context, db *store.DB, scope store.Scope, asOf time.Time) (_ *snapshot, err error) {
	r := db.Reader()
	stored, err := loadVersions(ctx, r, asOf.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	s := &snapshot{asOf: asOf, day: int(civil.DateOfUTC(asOf)), sp: &spill{}}
	defer func() {
		if err != nil {
			s.sp.close()
		}
	}()
	wide := widest(stored, asOf)
	var members []int32
	err = parallel(ctx,
		func(ctx context.Context) error { return loadHouseholds(ctx, db, scope, s) },
		func(ctx context.Context) (err error) { members, err = loadPersons(ctx, db, s); return err },
		func(ctx context.Context) error { return loadIncomes(ctx, db, s) },
		func(ctx context.Context) error { return loadMedical(ctx, db, s, wide) },
		func(ctx context.Context) error { return loadEvents(ctx, db, s, wide) },
		func(ctx context.Context) (err error) { s.stored, err = loadStored(ctx, r); return err },
	)
	if err != nil {
		return nil, err
	}
	for h := range min(len(s.hh), len(members)) {
		s.hh[h].members = members[h]
	}
	s.setVersions(stored)
	if s.lines, err = loadLines(ctx, r); err != nil {
		return nil, err
	}
	return s, nil
}

// widest is, per rule, the longest window of any version in force somewhere
// at asOf: the SQL date filter; each household's own window is applied in Go.
func widest(stored []RuleVersion, asOf time.Time) map[Rule]window {
	months := map[Rule]int{}
	for _, r := range AllRules {
		months[r] = Default(r).WindowMonths
	}
	for _, v := range stored {
		months[v.Rule] = max(months[v.Rule], v.WindowMonths)
	}
	out := map[Rule]window{}
	for r, m := range months {
		out[r] = windowOf(asOf, m)
	}
	return out
}

// loadHouseholds reads the scope's households: their village and whether
// they are monitored at as_of. Households outside the scope stay unloaded,
// and with them every person and row of theirs.
func loadHouseholds(ctx context.Context, db *store.DB, scope store.Scope, s *snapshot) error {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return err
	}
	q := db.Reader()
	var maxID int64
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(max(id), 0) FROM households").Scan(&maxID); err != nil {
		return fmt.Errorf("screening: households: %w", err)
	}
	if maxID > math.MaxInt32 {
		return fmt.Errorf("screening: household id %d too large", maxID)
	}
	s.hh, s.villages = make([]hhFacts, maxID+1), []string{""}
	if err := s.readVillages(ctx, db, where, args); err != nil {
		return err
	}
	return s.readMonitored(ctx, q, where, args)
}

// readVillages reads each household's village, as a number: a 12-digit
// code travels as one integer instead of a string allocated per row.
func (s *snapshot) readVillages(ctx context.Context, db *store.DB, where string, args []any) error {
	index := map[int64]int32{}
	var last int64
	lastIdx := int32(0)
	err := scanInts(ctx, db, "SELECT id, CAST(region_code AS BIGINT) FROM households WHERE "+where, args, 2, func(v []int64) {
		id, code := v[0], v[1]
		if code != last || lastIdx == 0 {
			i, ok := index[code]
			if !ok {
				i = int32(len(s.villages))
				s.villages = append(s.villages, fmt.Sprintf("%012d", code))
				index[code] = i
			}
			last, lastIdx = code, i
		}
		s.hh = grow(s.hh, id)
		s.hh[id].village = lastIdx
	})
	if err != nil {
		return fmt.Errorf("screening: households: %w", err)
	}
	return nil
}

// readMonitored marks the households monitored at as_of: identified in or
// before as_of's month and their risk not standing eliminated then.
func (s *snapshot) readMonitored(ctx context.Context, q store.Querier, where string, args []any) error {
	month := s.asOf.Year()*100 + int(s.asOf.Month())
	return store.Each(ctx, q, "screening: monitored households", func(rows store.Scanner) error {
		var id, identified, flag int64
		var elim, remarked sql.NullInt64
		if err := rows.Scan(&id, &identified, &flag, &elim, &remarked); err != nil {
			return err
		}
		if int(id) < len(s.hh) {
			s.hh[id].monitored = !eliminatedAt(flag == 1, int(elim.Int64), int(remarked.Int64), month)
		}
		return nil
	}, `SELECT id, identified_month, eliminated, eliminated_month, remarked_month
		FROM households WHERE identified_month IS NOT NULL AND identified_month <= ? AND `+where,
		append([]any{month}, args...)...)
}

// grow extends a slice indexed by id so that id is a valid index.
func grow[T any](a []T, id int64) []T {
	if int(id) < len(a) {
		return a
	}
	n := make([]T, id+id/4+1)
	copy(n, a)
	return n
}

// eliminatedAt reports whether a household's risk stood eliminated in month
// (YYYYMM): eliminated in or before it, and not re-marked between that
// elimination and month. It is stats.EliminatedAt, the definition of the
// overview figures (docs/figures.md), restated to keep this package free of
// the statistics' dependencies.
func eliminatedAt(eliminated bool, eliminatedMonth, remarkedMonth, month int) bool {
	if eliminatedMonth == 0 || eliminatedMonth > month {
		return false
	}
	return eliminated || remarkedMonth > month
}
