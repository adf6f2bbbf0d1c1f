package screening

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/store"
)

// batchSize is how many warnings one INSERT carries (13 parameters each,
// within SQLite's 32,766 and PostgreSQL's 65,535).
const batchSize = 1000

// persist evaluates the counties one after another and stores the run and
// the new warnings in one transaction: warnings already stored for the same
// household, rule and period are left as they are (ON CONFLICT DO NOTHING),
// and res counts the households each rule fires for and the warnings
// inserted. Two goroutines share the work: one builds a county's warnings
// (rules, the check against those stored, the files of the rows cited, the
// JSON) on reader connections while the other inserts the batches built
// before on the transaction's connection.
func persist(ctx context.Context, db *store.DB, opt Options, views []*snapshot, res *Result, started time.Time) error {
	return db.Transact(ctx, func(tx *store.Tx) error {
		var runID int64
		err := tx.QueryRowContext(ctx, `INSERT INTO screen_runs (as_of, region_code, user_id, username, started_at,
			finished_at, result) VALUES (?, ?, ?, ?, ?, '', '') RETURNING id`, res.AsOf, opt.Scope.Prefix(),
			store.NullID(opt.By.ID), username(opt), store.Stamp(started)).Scan(&runID)
		if err != nil {
			return fmt.Errorf("screening: record run: %w", err)
		}
		res.RunID = runID
		b := &builder{q: db.Reader(), runID: runID, now: store.Stamp(opt.Now()), asOf: res.AsOf,
			enc: newEncoder(), found: map[Rule]int{}}
		w := &warningWriter{tx: tx, stmts: map[int]*sql.Stmt{}, created: map[Rule]int{}}
		if err := b.pipe(ctx, views, w); err != nil {
			return err
		}
		for _, r := range AllRules {
			res.Rules[r] = RuleCount{Households: b.found[r], NewWarnings: w.created[r]}
		}
		js, err := json.Marshal(res)
		if err != nil {
			return fmt.Errorf("screening: run result: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE screen_runs SET result = ?, finished_at = ? WHERE id = ?", string(js),
			store.Stamp(opt.Now()), runID); err != nil {
			return fmt.Errorf("screening: record run: %w", err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "screen.run", Entity: "screen_run",
			EntityID: strconv.FormatInt(runID, 10), Region: opt.By.Region, Detail: res})
	})
}

// batch is up to batchSize new warnings, encoded as the INSERT's arguments,
// with the feed files each cites and the county of each one's household
// (which its files' links carry too).
type batch struct {
	hits     []hit
	args     []any
	files    [][]int64
	counties []string
}

// warningWriter inserts the batches on the transaction, through one
// prepared statement per batch size, and counts the warnings created.
type warningWriter struct {
	tx      *store.Tx
	stmts   map[int]*sql.Stmt
	links   []any
	created map[Rule]int
}

func (w *warningWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// stmt is the INSERT of n warnings.
func (w *warningWriter) stmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if st, ok := w.stmts[n]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(ctx, `INSERT INTO warnings (household_id, region_code, county, rule, period, status,
		as_of, run_id, threshold, figures, evidence, person_id, created_at) VALUES `+store.Placeholders(n, 13)+`
		ON CONFLICT DO NOTHING RETURNING id, household_id, rule`)
	if err != nil {
		return nil, fmt.Errorf("screening: store warnings: %w", err)
	}
	w.stmts[n] = st
	return st, nil
}

// hitKey names a hit within a run: one per household and rule.
type hitKey struct {
	household int64
	rule      Rule
}

// insert inserts one batch, skipping warnings stored meanwhile, and links
// the new warnings to the feed files of their evidence.
func (w *warningWriter) insert(ctx context.Context, b batch) error {
	st, err := w.stmt(ctx, len(b.hits))
	if err != nil {
		return err
	}
	index := make(map[hitKey]int, len(b.hits))
	for i, h := range b.hits {
		index[hitKey{int64(h.household), h.rule}] = i
	}
	rows, err := st.QueryContext(ctx, b.args...)
	if err != nil {
		return fmt.Errorf("screening: store warnings: %w", err)
	}
	links := w.links[:0]
	for rows.Next() {
		var id int64
		var k hitKey
		if err := rows.Scan(&id, &k.household, &k.rule); err != nil {
			rows.Close()
			return fmt.Errorf("screening: store warnings: %w", err)
		}
		i := index[k]
		w.created[b.hits[i].rule]++
		for _, f := range b.files[i] {
			links = append(links, id, f, b.counties[i])
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("screening: store warnings: %w", err)
	}
	w.links = links
	return linkFiles(ctx, w.tx, links)
}

// linkFiles stores (warning_id, file_id, county) triples, 500 a statement;
// a link carries its warning's county.
//
// On PostgreSQL each link's foreign key is checked by a query on warnings
// that the connection plans once and keeps. Planned in a first screen, when
// the warnings' partitions (docs/scale.md, "Partitioned by county") are
// empty and never analysed, it reads the partition whole (PostgreSQL does
// not give a partition the ten-page floor it gives a table), and it keeps
// doing so as the run fills it: 47 of a 65-second first screen at 1 M
// persons in 16 partitions. Forbidding the whole-table read while the links
// are written makes that plan the index's, as on one table.
func linkFiles(ctx context.Context, tx *store.Tx, triples []any) error {
	if len(triples) == 0 {
		return nil
	}
	if tx.Dialect() == store.Postgres {
		if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return fmt.Errorf("screening: link warnings to feed files: %w", err)
		}
		defer tx.ExecContext(ctx, "SET LOCAL enable_seqscan TO DEFAULT")
	}
	for start := 0; start < len(triples); start += 1500 {
		chunk := triples[start:min(start+1500, len(triples))]
		if _, err := tx.ExecContext(ctx, "INSERT INTO warning_files (warning_id, file_id, county) VALUES "+
			store.Placeholders(len(chunk)/3, 3), chunk...); err != nil {
			return fmt.Errorf("screening: link warnings to feed files: %w", err)
		}
	}
	return nil
}

func username(o Options) string {
	if o.By.Username == "" {
		return "system"
	}
	return o.By.Username
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
