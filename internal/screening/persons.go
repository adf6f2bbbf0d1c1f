package screening

import (
	"context"
	"fmt"
	"math"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// loadPersons reads every person's household (one pass over two integer
// columns) and the few persons who left (persons_inactive), and returns the
// current members of every household, by household id.
func loadPersons(ctx context.Context, db *store.DB, s *snapshot) ([]int32, error) {
	q := db.Reader()
	var maxID, maxHH int64
	// two statements: SQLite reads a lone max() off the index, two at once by a full scan
	err := q.QueryRowContext(ctx, "SELECT COALESCE(max(id), 0) FROM persons").Scan(&maxID)
	if err == nil {
		err = q.QueryRowContext(ctx, "SELECT COALESCE(max(household_id), 0) FROM persons").Scan(&maxHH)
	}
	if err != nil {
		return nil, fmt.Errorf("screening: persons: %w", err)
	}
	if maxID > math.MaxInt32 || maxHH > math.MaxInt32 {
		return nil, fmt.Errorf("screening: person id %d or household id %d too large", maxID, maxHH)
	}
	inactive, err := readInactive(ctx, q)
	if err != nil {
		return nil, err
	}
	byID, members := make([]int32, maxID+1), make([]int32, maxHH+1)
	// packed: see readFeed
	err = scanInts(ctx, db, "SELECT id * 4294967296 + household_id FROM persons", nil, 1, func(v []int64) {
		id, hh := v[0]>>32, v[0]&0xffffffff
		byID = grow(byID, id)
		byID[id] = int32(hh)
		if !inactive.has(int32(id)) {
			members = grow(members, hh)
			members[hh]++
		}
	})
	if err != nil {
		return nil, fmt.Errorf("screening: persons: %w", err)
	}
	s.personHH, s.inactive = byID, inactive
	return members, nil
}

func readInactive(ctx context.Context, q store.Querier) (bitset, error) {
	var out bitset
	var id int64
	err := store.Each(ctx, q, "screening: persons who left", func(rows store.Scanner) error {
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out.add(int32(id))
		return nil
	}, "SELECT id FROM persons WHERE active = 0")
	return out, err
}

// loadIncomes keeps, per household, the 人均纯收入 of the latest year on or
// before the as_of year and of the year before it.
func loadIncomes(ctx context.Context, db *store.DB, s *snapshot) error {
	var out []income
	err := scanInts(ctx, db, "SELECT household_id * 65536 + year, per_capita_fen FROM household_incomes WHERE year > 0 AND year <= ?",
		[]any{int64(s.asOf.Year())}, 2, func(v []int64) {
			hh, year := v[0]>>16, v[0]&0xffff
			out = grow(out, hh)
			out[hh].add(int32(year), v[1])
		})
	if err != nil {
		return fmt.Errorf("screening: incomes: %w", err)
	}
	s.income = out
	return nil
}

// add keeps the two latest years seen.
func (in *income) add(year int32, fen int64) {
	switch {
	case year > in.year:
		in.prevYear, in.prevFen = in.year, in.fen
		in.year, in.fen = year, fen
	case year > in.prevYear && year < in.year:
		in.prevYear, in.prevFen = year, fen
	}
}

// loadFacts reads birth date, labour skill and months of work of the
// persons named by event rows of loaded households (for employment, by 失业
// rows), 500 ids a query.
func loadFacts(ctx context.Context, q store.Querier, s *snapshot) error {
	want := map[int32]bool{}
	for _, rows := range [][]feedRow{s.education, s.death, s.employment} {
		for _, r := range rows {
			if s.household(r.person) != 0 && r.amount != workCode {
				want[r.person] = true
			}
		}
	}
	ids := make([]any, 0, len(want))
	for id := range want {
		ids = append(ids, int64(id))
	}
	s.facts = make(map[int32]personFact, len(ids))
	for start := 0; start < len(ids); start += 500 {
		if err := s.readFacts(ctx, q, ids[start:min(start+500, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

func (s *snapshot) readFacts(ctx context.Context, q store.Querier, ids []any) error {
	return store.Each(ctx, q, "screening: persons named by feed rows", func(rows store.Scanner) error {
		var id, months int64
		var birth, skill string
		if err := rows.Scan(&id, &birth, &skill, &months); err != nil {
			return err
		}
		born, _ := civil.ParseISO(birth) // 0 when malformed: no age
		s.facts[int32(id)] = personFact{birth: int32(born), labour: skill == "普通劳动力" || skill == "技能劳动力",
			workMonths: int32(months)}
		return nil
	}, "SELECT id, birth_date, labour_skill, COALESCE(work_months, 0) FROM persons WHERE id IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+")", ids...)
}
