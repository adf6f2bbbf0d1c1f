package stats

import (
	"context"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

var (
	cadre     = auth.User{ID: 1, Username: "cun", Role: auth.RoleVillage, Region: "620321100201"}
	townCadre = auth.User{ID: 2, Username: "xiang", Role: auth.RoleTownship, Region: "620321100000"}
	countyU   = auth.User{ID: 3, Username: "xian", Role: auth.RoleCounty, Region: "620321000000"}
)

func nov(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, civil.Zone) }

// step takes a case step in its own transaction.
func step(t *testing.T, db *store.DB, u auth.User, id int64, a casework.Action, d casework.Data, now time.Time) {
	t.Helper()
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		_, err := casework.Act(context.Background(), tx, u.Scope(), u, id, a, "", d, now)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", a, err)
	}
}

// eliminateByCase proposes and approves the elimination of a household.
func eliminateByCase(t *testing.T, db *store.DB, hh int64) {
	t.Helper()
	var c casework.Case
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		var err error
		c, _, err = casework.OpenElimination(context.Background(), tx, cadre.Scope(),
			casework.NewElimination{HouseholdID: hh, Mode: casework.ModeAssisted, By: cadre}, nov(2))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	step(t, db, cadre, c.ID, casework.ActVerify, casework.Data{"consent": true, "notes": "已核实"}, nov(3))
	step(t, db, cadre, c.ID, casework.ActReview, casework.Data{"qualifies": true, "minutes": "同意"}, nov(4))
	step(t, db, cadre, c.ID, casework.ActPublishNotice, casework.Data{"start": "2026-11-05"}, nov(5))
	step(t, db, cadre, c.ID, casework.ActEndNotice, nil, nov(10))
	step(t, db, townCadre, c.ID, casework.ActTownshipReview, casework.Data{"approve": true}, nov(11))
	step(t, db, countyU, c.ID, casework.ActCountyApprove, casework.Data{"approve": true}, nov(12))
}

// TestMonitoringFiguresThroughElimination follows one household of the
// fixture (H1: 脱贫不稳定户 of 3 persons, identified 202603) through
// elimination, rollback, elimination again and re-marking, and checks the
// overview's monitoring figures after each.
func TestMonitoringFiguresThroughElimination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fixture(t, db)
		ctx := context.Background()
		var h1 int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM households WHERE code = 'H1'").Scan(&h1); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO household_incomes (household_id, county, year, region_code,
			per_capita_fen, source, updated_at) VALUES (?, (SELECT county FROM households WHERE id = ?), 2025, '620321100201', 900000, 'test', ?)`, h1, h1, store.Now()); err != nil {
			t.Fatal(err)
		}
		figures := func(name, asOf string, cumulative, eliminated, remarked, identified Count) {
			t.Helper()
			o, err := Compute(ctx, db, store.ScopeAll(), "620300000000", date(asOf))
			if err != nil {
				t.Fatal(err)
			}
			m := o.Monitoring
			if m.Cumulative != cumulative || m.Eliminated != eliminated || m.RemarkedThisYear != remarked || m.IdentifiedThisYear != identified {
				t.Errorf("%s as of %s: cumulative %v eliminated %v remarked %v identified %v", name, asOf,
					m.Cumulative, m.Eliminated, m.RemarkedThisYear, m.IdentifiedThisYear)
			}
		}
		all, thisYear := Count{3, 8}, Count{2, 4}
		october, octYear := Count{2, 7}, Count{1, 3} // H4 was identified in November
		figures("before", "2026-11-28", all, Count{1, 4}, Count{}, thisYear)
		eliminateByCase(t, db, h1)
		figures("eliminated", "2026-11-28", all, Count{2, 7}, Count{}, thisYear)
		figures("eliminated, as of October", "2026-10-31", october, Count{1, 4}, Count{}, octYear)
		err := db.Transact(ctx, func(tx *store.Tx) error {
			return casework.RollbackElimination(ctx, tx, countyU.Scope(), countyU, h1, "收入核算有误", nov(13))
		})
		if err != nil {
			t.Fatal(err)
		}
		figures("rolled back", "2026-11-28", all, Count{1, 4}, Count{}, thisYear)
		eliminateByCase(t, db, h1)
		figures("eliminated again", "2026-11-28", all, Count{2, 7}, Count{}, thisYear)
		remark(t, db, h1)
		figures("re-marked", "2026-11-28", all, Count{1, 4}, Count{1, 3}, thisYear)
		figures("re-marked, as of October", "2026-10-31", october, Count{1, 4}, Count{}, octYear)
	})
}

// remark enrols an eliminated household again through a green-channel
// identification case.
func remark(t *testing.T, db *store.DB, hh int64) {
	t.Helper()
	var c casework.Case
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		var err error
		c, err = casework.Open(context.Background(), tx, cadre.Scope(), casework.NewCase{HouseholdID: hh, HeadName: "人1",
			Source: casework.SourceScreening, RiskTypes: []string{"因意外事故"}, Green: true, By: cadre}, nov(20), nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	step(t, db, townCadre, c.ID, casework.ActAccept, nil, nov(20))
	step(t, db, countyU, c.ID, casework.ActEnrol, casework.Data{"category": "脱贫不稳定户", "risk_types": []any{"因意外事故"},
		"announcement": "县公告"}, nov(20))
}
