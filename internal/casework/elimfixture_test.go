package casework

import (
	"context"
	"fmt"
	"testing"

	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// monitored describes a household under monitoring for the elimination
// tests. The zero fields take the defaults of addMonitored.
type monitored struct {
	code, village string
	identified    int64  // YYYYMM, default 202603
	identifiedOn  string // default 2026-03-10; "-" for NULL
	remarked      int64
	incomeFen     int64 // 2025 人均纯收入, default 900000; -1 for none
	uninsured     bool  // the spouse has no basic medical insurance
}

var personSeq int

// addMonitored registers a monitored household of two persons (the head and
// a spouse, both insured unless uninsured) with a 2025 income, and returns
// its id.
func addMonitored(t *testing.T, db *store.DB, m monitored) int64 {
	t.Helper()
	ctx := context.Background()
	w := db.Writer()
	if m.village == "" {
		m.village = testkit.VillageA
	}
	if m.identified == 0 {
		m.identified = 202603
	}
	var on any = m.identifiedOn
	switch m.identifiedOn {
	case "":
		on = "2026-03-10"
	case "-":
		on = nil
	}
	var id int64
	err := w.QueryRowContext(ctx, `INSERT INTO households (code, region_code, county, type, category, identified_month,
		identified_on, remarked_month, risk_types, members, created_at, updated_at)
		VALUES (?, ?, ?, '一般农户', '边缘易致贫户', ?, ?, ?, '因病', 2, ?, ?) RETURNING id`, m.code, m.village, region.County(m.village),
		m.identified, on, nullMonth(m.remarked), store.Stamp(t0), store.Stamp(t0)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	addPerson(t, db, id, m.village, "户主", "王"+m.code[len(m.code)-2:], true)
	addPerson(t, db, id, m.village, "配偶", "李"+m.code[len(m.code)-2:], !m.uninsured)
	if m.incomeFen == 0 {
		m.incomeFen = 900000
	}
	if m.incomeFen > 0 {
		setIncome(t, db, id, m.village, 2025, m.incomeFen)
	}
	return id
}

func addPerson(t *testing.T, db *store.DB, hh int64, village, relation, name string, insured bool) {
	t.Helper()
	personSeq++
	_, err := db.Writer().ExecContext(context.Background(), `INSERT INTO persons (household_id, county, region_code, id_idx,
		id_enc, id_masked, name, sex, birth_date, relation, medical_insured, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, '620321********0000', ?, '男', '1970-01-01', ?, ?, ?, ?)`, hh, region.County(village), village,
		fmt.Sprintf("idx-p%d", personSeq), []byte("x"), name, relation, store.Bool01(insured), store.Stamp(t0), store.Stamp(t0))
	if err != nil {
		t.Fatal(err)
	}
}

func setIncome(t *testing.T, db *store.DB, hh int64, village string, year int, fen int64) {
	t.Helper()
	_, err := db.Writer().ExecContext(context.Background(), `INSERT INTO household_incomes (household_id, year,
		county, region_code, per_capita_fen, source, updated_at) VALUES (?, ?, ?, ?, ?, 'test', ?)
		ON CONFLICT (household_id, year, county) DO UPDATE SET per_capita_fen = excluded.per_capita_fen`,
		hh, year, region.County(village), village, fen, store.Stamp(t0))
	if err != nil {
		t.Fatal(err)
	}
}

// addWarning stores a warning of the household, created at created (RFC 3339).
func addWarning(t *testing.T, db *store.DB, hh int64, village, rule, status, created string) {
	t.Helper()
	_, err := db.Writer().ExecContext(context.Background(), `INSERT INTO warnings (household_id, county, region_code, rule,
		period, status, as_of, threshold, figures, evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, '2026-10-01', '{}', '{}',
		'[]', ?)`, hh, region.County(village), village, rule, created, status, created)
	if err != nil {
		t.Fatal(err)
	}
}

// addVisit stores a visit of the household on day with the checklist
// answers (item → problem?).
func addVisit(t *testing.T, db *store.DB, hh int64, village, day string, problems map[string]bool) {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.Writer().QueryRowContext(ctx, `INSERT INTO visits (household_id, county, region_code, visited_on, visitor,
		created_at) VALUES (?, ?, ?, ?, '村干部', ?) RETURNING id`, hh, region.County(village), village, day, store.Stamp(t0)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{"education": "义务教育", "medical": "基本医疗", "housing": "住房安全", "water": "饮水安全", "income": "收入"}
	pos := 0
	for item, problem := range problems {
		pos++
		status := "ok"
		if problem {
			status = "problem"
		}
		_, err := db.Writer().ExecContext(ctx, `INSERT INTO visit_checks (visit_id, county, region_code, item, label, position,
			status) VALUES (?, ?, ?, ?, ?, ?, ?)`, id, region.County(village), village, item, labels[item], pos, status)
		if err != nil {
			t.Fatal(err)
		}
	}
}

// elimData is the data of each step of an elimination case, with positive
// decisions.
var elimData = map[Action]Data{
	ActVerify:         {"consent": true, "notes": "收入稳定，三保障无问题"},
	ActReview:         {"qualifies": true, "minutes": "村民代表同意消除风险"},
	ActPublishNotice:  {"start": "2026-11-05", "place": "村务公开栏"},
	ActEndNotice:      {"result": "无异议"},
	ActTownshipReview: {"approve": true},
	ActCountyApprove:  {"approve": true},
}

// openElim opens an elimination case as the village cadre, in its own
// transaction.
func openElim(db *store.DB, hh int64, mode string) (Case, Check, error) {
	var c Case
	var ch Check
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		var err error
		c, ch, err = OpenElimination(context.Background(), tx, cadreA.Scope(), NewElimination{HouseholdID: hh,
			Mode: mode, Description: "收入稳定超过6个月", By: cadreA}, t0)
		return err
	})
	return c, ch, err
}

// walkElimToTownship takes an elimination case to township review.
func walkElimToTownship(t *testing.T, db *store.DB, id int64) {
	t.Helper()
	must(t, db, cadreA, id, ActVerify, elimData[ActVerify], days(1), StateVerified)
	must(t, db, cadreA, id, ActReview, elimData[ActReview], days(2), StateReviewed)
	must(t, db, cadreA, id, ActPublishNotice, elimData[ActPublishNotice], days(3), StateNotice)
	must(t, db, cadreA, id, ActEndNotice, elimData[ActEndNotice], days(8), StateNoticeEnded)
	must(t, db, townUser, id, ActTownshipReview, elimData[ActTownshipReview], days(9), StateTownshipReviewed)
}

// householdState reads a household's elimination columns: eliminated, mode,
// eliminated month, re-marked month, identified month.
func householdState(t *testing.T, db *store.DB, hh int64) (bool, string, int64, int64, int64) {
	t.Helper()
	s, err := readState(context.Background(), db.Reader(), hh)
	if err != nil {
		t.Fatal(err)
	}
	return s.eliminated, s.mode, s.elimMonth, s.mark, s.identified
}
