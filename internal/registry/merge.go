package registry

import (
	"context"
	"fmt"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// MergeResult reports what a village merge moved.
type MergeResult struct {
	Households int `json:"households"`
	Persons    int `json:"persons"`
}

// movedWithVillage are the tables whose rows follow a merged village's
// households into the village they join: the registry and the work done on
// the households (cases, warnings, plans, visits), which the new village's
// cadres take over. The history (monitoring_history, the audit log) keeps
// the village it was written in; settings, accounts and 一键报贫 tokens of the
// old village stay for an administrator to retire.
var movedWithVillage = []string{"persons", "household_incomes", "cases", "case_events", "self_reports",
	"notifications", "warnings", "income_worksheets", "income_worksheet_lines", "household_cadres", "measures",
	"measure_updates", "visits", "visit_checks", "retrofits"}

// MergeVillage merges village code into village into from the day on
// (docs/cli.md, region merge): code's households belong to into from on, so
// that figures of code as of a day before on still count them and figures as
// of on or later count them in into. Changes recorded for code after on are
// counted in into, as the merge says they happened there. The merge is
// audited (by the actor of ctx) and all or nothing; on may not be later than
// today.
func MergeVillage(ctx context.Context, db *store.DB, code, into string, on civil.Date) (MergeResult, error) {
	var res MergeResult
	err := db.Transact(ctx, func(tx *store.Tx) error {
		if err := checkMerge(ctx, tx, code, into, on); err != nil {
			return err
		}
		var err error
		if res, err = merge(ctx, tx, code, into, on.String()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "region.merge", Entity: "region", EntityID: code,
			Region: into, Detail: map[string]any{"into": into, "on": on.String(), "households": res.Households,
				"persons": res.Persons}})
	})
	return res, err
}

func checkMerge(ctx context.Context, q store.Querier, code, into string, on civil.Date) error {
	if code == into {
		return fault.Invalidf("into", "不能并入自身", "a village cannot be merged into itself")
	}
	if on > civil.Today() {
		return fault.Invalidf("on", "合并日期%s晚于今天", "the merge date %s is after today", on.String())
	}
	for _, c := range []string{code, into} {
		r, err := region.Find(ctx, q, c)
		if err != nil {
			return fault.NotFoundf("区划代码%s不存在", "region %s does not exist", c).Wrap(err)
		}
		if r.Level != region.LevelVillage {
			return fault.Invalidf("region", "%s（%s）不是村级区划：只能合并村", "%s (%s) is not a village: only villages merge",
				c, r.Name)
		}
		if m, ok, err := region.MergedInto(ctx, q, c); err != nil {
			return err
		} else if ok {
			return fault.Conflictf("%s已于%s并入%s", "%s was merged into %s on %s", c, m.On, m.Into)
		}
	}
	return nil
}

// merge moves code's households to into on day, with the dated deltas that
// keep the figures of every day right: each household's share of code as of
// day leaves code and joins into on day, and the deltas recorded for code
// after day are counted in into.
func merge(ctx context.Context, tx *store.Tx, code, into, day string) (MergeResult, error) {
	var res MergeResult
	moved, err := sharesOn(ctx, tx, code, day)
	if err != nil {
		return res, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE household_deltas SET region_code = ? WHERE region_code = ? AND day > ?",
		into, code, day); err != nil {
		return res, fmt.Errorf("registry: merge %s: %w", code, err)
	}
	ds := make([]delta, 0, 2*len(moved))
	for _, d := range moved {
		in := d
		in.region, in.county = into, region.County(into)
		ds = append(ds, d.minus(in.county), in)
	}
	if err := insertDeltas(ctx, tx, day, "merge", store.Now(), ds); err != nil {
		return res, err
	}
	n, err := moveRows(ctx, tx, "households", code, into)
	if err != nil {
		return res, err
	}
	// A village merged into another county's takes its households there, and
	// they take their rows along (migration 00036's trigger).
	if _, err := tx.ExecContext(ctx, "UPDATE households SET county = ? WHERE region_code = ? AND county <> ?",
		region.County(into), into, region.County(into)); err != nil {
		return res, fmt.Errorf("registry: merge %s into %s: county: %w", code, into, err)
	}
	res.Households = n
	for _, t := range movedWithVillage {
		n, err := moveRows(ctx, tx, t, code, into)
		if err != nil {
			return res, err
		}
		if t == "persons" {
			res.Persons = n
		}
	}
	if err := RefreshVillageStats(ctx, tx, []string{code, into}); err != nil {
		return res, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO region_merges (region_code, into_code, merged_on, households, recorded_at)
		VALUES (?, ?, ?, ?, ?)`, code, into, day, res.Households, store.Now())
	if err != nil {
		return res, fmt.Errorf("registry: record the merge of %s: %w", code, err)
	}
	return res, nil
}

// sharesOn returns what each household added to village code's summary on
// day, per type: its share now, less the deltas recorded for code after
// day. Households that were not in code that day add nothing.
func sharesOn(ctx context.Context, q store.Querier, code, day string) ([]delta, error) {
	var out []delta
	err := store.Each(ctx, q, fmt.Sprintf("registry: households of %s on %s", code, day), func(rows store.Scanner) error {
		d := delta{region: code}
		if err := rows.Scan(&d.id, &d.typ, &d.households, &d.members, &d.chronic, &d.major, &d.ill); err != nil {
			return err
		}
		if d != (delta{id: d.id, region: code, typ: d.typ}) {
			out = append(out, d)
		}
		return nil
	}, `SELECT household_id, type, sum(households), sum(members), sum(members_chronic),
		sum(members_major), sum(households_ill) FROM (
			SELECT id AS household_id, type, 1 AS households, members, members_chronic, members_major,
				CASE WHEN members_chronic + members_major > 0 THEN 1 ELSE 0 END AS households_ill
			FROM households WHERE region_code = ?
			UNION ALL SELECT household_id, type, -households, -members, -members_chronic, -members_major, -households_ill
			FROM household_deltas WHERE region_code = ? AND day > ?) t
		GROUP BY household_id, type ORDER BY household_id, type`, code, code, day)
	return out, err
}

func moveRows(ctx context.Context, tx *store.Tx, table, code, into string) (int, error) {
	r, err := tx.ExecContext(ctx, "UPDATE "+table+" SET region_code = ? WHERE region_code = ?", into, code)
	if err != nil {
		return 0, fmt.Errorf("registry: merge %s into %s: %s: %w", code, into, table, err)
	}
	n, err := r.RowsAffected()
	return int(n), err
}
