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

// warningBatch is how many warnings one INSERT carries (12 parameters each,
// within SQLite's 32,766 and PostgreSQL's 65,535).
const warningBatch = 1000

// persist stores the run and the new warnings in one transaction: warnings
// already stored for the same household, rule and period are left as they
// are (ON CONFLICT DO NOTHING), and res counts those inserted.
func persist(ctx context.Context, db *store.DB, opt Options, s *snapshot, hits []hit, res *Result, started time.Time) error {
	return db.Transact(ctx, func(tx *store.Tx) error {
		var runID int64
		err := tx.QueryRowContext(ctx, `INSERT INTO screen_runs (as_of, region_code, user_id, username, started_at,
			finished_at, result) VALUES (?, ?, ?, ?, ?, '', '') RETURNING id`, res.AsOf, opt.Scope.Prefix(),
			store.NullID(opt.By.ID), username(opt), store.Stamp(started)).Scan(&runID)
		if err != nil {
			return fmt.Errorf("screening: record run: %w", err)
		}
		res.RunID = runID
		now := store.Stamp(opt.Now())
		hits, err := unstored(ctx, tx, hits)
		if err != nil {
			return err
		}
		at, err := fileOf(ctx, tx, hits)
		if err != nil {
			return err
		}
		w := &warningWriter{tx: tx, s: s, at: at, runID: runID, now: now, res: res, enc: newEncoder(),
			stmts: map[int]*sql.Stmt{}}
		defer w.close()
		for start := 0; start < len(hits); start += warningBatch {
			if err := w.insert(ctx, hits[start:min(start+warningBatch, len(hits))]); err != nil {
				return err
			}
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

// warningWriter inserts the new warnings of a run, a batch a statement,
// through one prepared statement per batch size.
type warningWriter struct {
	tx    *store.Tx
	s     *snapshot
	at    map[string]map[int64]int64 // feed table → row id → file id
	runID int64
	now   string
	res   *Result
	enc   *encoder
	stmts map[int]*sql.Stmt
	args  []any
	links []any
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
	st, err := w.tx.PrepareContext(ctx, `INSERT INTO warnings (household_id, region_code, rule, period, status, as_of,
		run_id, threshold, figures, evidence, person_id, created_at) VALUES `+store.Placeholders(n, 12)+`
		ON CONFLICT (household_id, rule, period) DO NOTHING RETURNING id, household_id, rule`)
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

// insert inserts one batch of hits, skipping those stored before, and
// links the new warnings to the feed files of their evidence.
func (w *warningWriter) insert(ctx context.Context, hits []hit) error {
	args := w.args[:0]
	files := make([][]int64, len(hits))
	index := make(map[hitKey]int, len(hits))
	for i := range hits {
		h := &hits[i]
		files[i] = h.files(w.at[h.table])
		th, err := w.enc.threshold(h)
		if err != nil {
			return fmt.Errorf("screening: encode warning: %w", err)
		}
		args = append(args, int64(h.household), w.s.villages[w.s.hh[h.household].village], string(h.rule), h.period,
			string(StatusOpen), w.res.AsOf, w.runID, th, w.enc.figures(h.figures), w.enc.evidence(h, files[i]),
			store.NullID(h.person), w.now)
		index[hitKey{int64(h.household), h.rule}] = i
	}
	w.args = args
	st, err := w.stmt(ctx, len(hits))
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(ctx, args...)
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
		c := w.res.Rules[hits[i].rule]
		c.NewWarnings++
		w.res.Rules[hits[i].rule] = c
		for _, f := range files[i] {
			links = append(links, id, f)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("screening: store warnings: %w", err)
	}
	w.links = links
	return linkFiles(ctx, w.tx, links)
}

// linkFiles stores (warning_id, file_id) pairs, 500 a statement.
func linkFiles(ctx context.Context, tx *store.Tx, pairs []any) error {
	for start := 0; start < len(pairs); start += 1000 {
		chunk := pairs[start:min(start+1000, len(pairs))]
		if _, err := tx.ExecContext(ctx, "INSERT INTO warning_files (warning_id, file_id) VALUES "+
			store.Placeholders(len(chunk)/2, 2), chunk...); err != nil {
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
