package screening

import (
	"context"
	"fmt"

	"fangpin/internal/store"
)

// feedQuery describes the read of one feed table: its date column, the
// value a rule needs as an integer expression ("0" when none), an extra
// condition, and whether rows before the rule's window are needed too
// (housing: the latest rating whatever its age; employment: earlier work).
type feedQuery struct {
	table, day, amount, extra string
	rule                      Rule
	history                   bool
}

// Coded values: text columns travel as small integers.
const (
	gradeCode   = "CASE upper(trim(grade)) WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 WHEN 'D' THEN 4 ELSE 0 END"
	statusCode  = "CASE trim(status) WHEN '务工' THEN 1 WHEN '失业' THEN 2 ELSE 0 END"
	workCode    = 1 // 就业状态 务工
	jobLossCode = 2 // 就业状态 失业
)

// feedTables are the eight feed tables, for the unmatched count.
var feedTables = []string{"feed_medical", "feed_education", "feed_civil", "feed_disability", "feed_housing",
	"feed_disaster", "feed_employment", "feed_death"}

func loadMedical(ctx context.Context, db *store.DB, s *snapshot, wide map[Rule]window) error {
	var err error
	s.rows[feedMedical], err = readFeed(ctx, db, feedQuery{table: "feed_medical", day: "settled", amount: "oop_fen",
		rule: MedicalOOP}, wide, s.sp)
	return err
}

// loadEvents reads the smaller feeds one after another, and counts the
// unmatched rows of all eight.
func loadEvents(ctx context.Context, db *store.DB, s *snapshot, wide map[Rule]window) error {
	reads := []struct {
		dst int
		fq  feedQuery
	}{
		{feedEducation, feedQuery{table: "feed_education", day: "day", amount: "0", extra: " AND trim(status) = '辍学'", rule: Dropout}},
		{feedDisability, feedQuery{table: "feed_disability", day: "issued", amount: "grade", rule: SevereDisability}},
		{feedHousing, feedQuery{table: "feed_housing", day: "assessed", amount: gradeCode, rule: UnsafeHouse, history: true}},
		{feedDisaster, feedQuery{table: "feed_disaster", day: "day", amount: "loss_fen", rule: DisasterLoss}},
		{feedEmployment, feedQuery{table: "feed_employment", day: "day", amount: statusCode, rule: Unemployment, history: true}},
		{feedDeath, feedQuery{table: "feed_death", day: "died", amount: "0", rule: LabourDeath}},
	}
	for _, r := range reads {
		buf, err := readFeed(ctx, db, r.fq, wide, s.sp)
		if err != nil {
			return err
		}
		s.rows[r.dst] = buf
	}
	n, err := countUnmatched(ctx, db.Reader())
	s.unmatched = n
	return err
}

// Feed rows travel packed in two integer columns: every column costs the
// driver two locked calls into SQLite per row, the bulk of a scan's time.
// The first holds id (< 2^32) and person (< 2^31); the second the amount
// (signed, up to ±2^40) above the day's offset from 1900-01-00 (22 bits,
// good until the year 2319). An id or amount out of range overflows the
// 64-bit integer: SQLite then yields a float and PostgreSQL an error, which
// readFeed reports; it never decodes garbage.
const (
	personBits = 31
	dayBits    = 22
	dayBase    = 19000000
)

// readFeed reads the matched rows of a feed table dated on or before as_of
// and, unless fq.history, within the rule's widest window, in the table's
// order; beyond spillRows rows they go to sp.
func readFeed(ctx context.Context, db *store.DB, fq feedQuery, wide map[Rule]window, sp *spill) (*rowBuffer, error) {
	w := wide[fq.rule]
	if fq.history {
		w.After = 0
	}
	w.After = max(w.After, dayBase)
	buf := &rowBuffer{sp: sp, limit: spillRows}
	err := scanInts(ctx, db, "SELECT id * 2147483648 + person_id, ("+fq.amount+") * 4194304 + ("+fq.day+
		" - 19000000) FROM "+fq.table+" WHERE person_id IS NOT NULL AND "+fq.day+" > ? AND "+fq.day+" <= ?"+fq.extra,
		[]any{int64(w.After), int64(w.Through)}, 2, func(v []int64) {
			buf.add(feedRow{id: v[0] >> personBits, person: int32(v[0] & (1<<personBits - 1)),
				amount: v[1] >> dayBits, day: int32(v[1]&(1<<dayBits-1)) + dayBase})
		})
	if err == nil {
		err = buf.err
	}
	if err != nil {
		return nil, fmt.Errorf("screening: read %s: %w", fq.table, err)
	}
	return buf, nil
}

// text is a scanned text value.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []byte:
		return string(t)
	}
	return ""
}

// countUnmatched counts the stored feed rows whose ID number matches no
// person (person_id NULL), through the feeds' partial indexes.
func countUnmatched(ctx context.Context, q store.Querier) (int64, error) {
	var total int64
	for _, t := range feedTables {
		var n int64
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+t+" WHERE person_id IS NULL").Scan(&n); err != nil {
			return 0, fmt.Errorf("screening: count unmatched rows of %s: %w", t, err)
		}
		total += n
	}
	return total, nil
}
