package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"fangpin/internal/screening"
	"fangpin/internal/store"
)

// medicalOOPQuery is the medical_oop rule of docs/warnings.md, default
// version, whole registry, written by hand as one SQL query: the current
// members' 个人自付 over the 12 months ending at as_of, summed per
// household, compared with the amount and with the share of the household's
// annual income (人均纯收入 of its latest year on or before as_of's year ×
// current members). It returns the households that cross: the yardstick the
// screen is measured against (docs/cli.md, bench screen).
const medicalOOPQuery = `SELECT m.hh, m.oop FROM (
	SELECT p.household_id AS hh, sum(f.oop_fen) AS oop
	FROM feed_medical f JOIN persons p ON p.id = f.person_id
	WHERE p.active = 1 AND f.settled > ? AND f.settled <= ?
	GROUP BY p.household_id) m
JOIN households h ON h.id = m.hh
JOIN (SELECT household_id, count(*) AS members FROM persons WHERE active = 1 GROUP BY household_id) c
	ON c.household_id = m.hh
LEFT JOIN (SELECT household_id, per_capita_fen,
		row_number() OVER (PARTITION BY household_id ORDER BY year DESC) AS k
	FROM household_incomes WHERE year > 0 AND year <= ?) i ON i.household_id = m.hh AND i.k = 1
WHERE m.oop > ? OR (i.per_capita_fen IS NOT NULL AND 100 * m.oop > ? * i.per_capita_fen * c.members)`

// oneQuery runs medicalOOPQuery, reads every household it returns, and
// returns their number and the seconds it took.
func oneQuery(ctx context.Context, db *store.DB, asOf time.Time) (int, float64, error) {
	v := screening.Default(screening.MedicalOOP)
	day := func(t time.Time) int64 { return int64(t.Year()*10000 + int(t.Month())*100 + t.Day()) }
	start := time.Now()
	rows, err := db.Reader().QueryContext(ctx, medicalOOPQuery, day(asOf.AddDate(0, -v.WindowMonths, 0)), day(asOf),
		asOf.Year(), v.AmountFen, v.Percent)
	if err != nil {
		return 0, 0, fmt.Errorf("one query: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var hh, oop int64
		if err := rows.Scan(&hh, &oop); err != nil {
			return 0, 0, fmt.Errorf("one query: %w", err)
		}
		n++
	}
	return n, time.Since(start).Seconds(), rows.Err()
}

// benchSummary gathers the times compared at the end of a bench.
type benchSummary struct {
	lines   []benchLine
	pgQuery float64 // seconds of the one query on the (last) PostgreSQL database; 0 when none
}

type benchLine struct {
	engine              string
	first, again, query float64
	firstRSS, againRSS  int64
	households          int // medical_oop's, by the first screen
}

// print writes each engine's screens beside the one-query times: the
// ratios fangpin/one-query on the same engine and against PostgreSQL's.
func (s *benchSummary) print(w io.Writer) {
	if len(s.lines) == 0 {
		return
	}
	fmt.Fprintln(w, "summary (seconds; ratio = fangpin / one query)")
	for _, l := range s.lines {
		fmt.Fprintf(w, "  %-9s first screen %6.2f s (%d MB), again %6.2f s (%d MB); one query here %6.2f s, first/one query %.2f",
			l.engine, l.first, l.firstRSS>>20, l.again, l.againRSS>>20, l.query, l.first/l.query)
		if s.pgQuery > 0 {
			fmt.Fprintf(w, ", first/PostgreSQL one query %.2f", l.first/s.pgQuery)
		}
		fmt.Fprintln(w)
	}
}
