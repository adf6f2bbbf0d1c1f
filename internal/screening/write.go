package screening

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/store"
)

// warningBatch is how many warnings one INSERT carries (12 parameters each).
const warningBatch = 200

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
		at, err := locate(ctx, tx, hits)
		if err != nil {
			return err
		}
		for start := 0; start < len(hits); start += warningBatch {
			if err := insertWarnings(ctx, tx, s, hits[start:min(start+warningBatch, len(hits))], at, runID, now, res); err != nil {
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

// insertWarnings inserts one batch of hits, skipping those stored before,
// and links the new warnings to the feed files of their evidence.
func insertWarnings(ctx context.Context, tx *store.Tx, s *snapshot, hits []hit, at map[string]map[int64]location,
	runID int64, now string, res *Result) error {
	args := make([]any, 0, len(hits)*12)
	files := make([][]int64, len(hits))
	for i, h := range hits {
		e := h.evidence(at[h.table])
		files[i] = e.Files
		th, err1 := json.Marshal(h.threshold())
		fig, err2 := json.Marshal(h.figures)
		ev, err3 := json.Marshal(e)
		if err := firstErr(err1, err2, err3); err != nil {
			return fmt.Errorf("screening: encode warning: %w", err)
		}
		args = append(args, int64(h.household), s.villages[s.hh[h.household].village], string(h.rule), h.period,
			string(StatusOpen), res.AsOf, runID, string(th), string(fig), string(ev), store.NullID(h.person), now)
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO warnings (household_id, region_code, rule, period, status, as_of,
		run_id, threshold, figures, evidence, person_id, created_at) VALUES `+store.Placeholders(len(hits), 12)+`
		ON CONFLICT (household_id, rule, period) DO NOTHING RETURNING id, household_id, rule`, args...)
	if err != nil {
		return fmt.Errorf("screening: store warnings: %w", err)
	}
	index := make(map[string]int, len(hits))
	for i, h := range hits {
		index[strconv.Itoa(int(h.household))+"/"+string(h.rule)] = i
	}
	var links []any
	for rows.Next() {
		var id, hh int64
		var rule string
		if err := rows.Scan(&id, &hh, &rule); err != nil {
			rows.Close()
			return fmt.Errorf("screening: store warnings: %w", err)
		}
		i := index[strconv.FormatInt(hh, 10)+"/"+rule]
		c := res.Rules[hits[i].rule]
		c.NewWarnings++
		res.Rules[hits[i].rule] = c
		for _, f := range files[i] {
			links = append(links, id, f)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("screening: store warnings: %w", err)
	}
	return linkFiles(ctx, tx, links)
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
