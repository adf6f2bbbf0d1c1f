package dropout

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/registry/registrytest"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// fixture registers A1 (a head and child 2, born 2012) and A2 (a head and
// child 4, born 2018) in village A, B1 (a head and child 6, born 2012) in
// village B, and returns the person ids by sequence number.
func fixture(t *testing.T, db *store.DB) map[int]int64 {
	t.Helper()
	ctx := context.Background()
	testkit.Regions(t, db)
	lines := []string{registrytest.Head + ",劳动技能"}
	for _, r := range []string{
		testkit.VillageA + ",A1,脱贫户,甲,%s,户主,初中,健康,普通劳动力",
		testkit.VillageA + ",A1,脱贫户,甲子,%s,之子,小学,健康,无劳动力",
		testkit.VillageA + ",A2,一般农户,乙,%s,户主,初中,健康,普通劳动力",
		testkit.VillageA + ",A2,一般农户,乙子,%s,之子,小学,健康,无劳动力",
		testkit.VillageB + ",B1,脱贫户,丙,%s,户主,初中,健康,普通劳动力",
		testkit.VillageB + ",B1,脱贫户,丙子,%s,之子,小学,健康,无劳动力",
	} {
		n := len(lines)
		id := testkit.ID(n)
		if n%2 == 0 {
			id = testkit.IDBorn(map[int]string{2: "20120301", 4: "20180101", 6: "20120101"}[n], n)
		}
		lines = append(lines, strings.Replace(r, "%s", id, 1))
	}
	registrytest.Import(t, db, testkit.Keys(t),
		time.Date(2026, 3, 1, 0, 0, 0, 0, civil.Zone), lines...)
	ids := map[int]int64{}
	rows, err := db.Reader().QueryContext(ctx, "SELECT id, name FROM persons")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	names := map[string]int{"甲": 1, "甲子": 2, "乙": 3, "乙子": 4, "丙": 5, "丙子": 6}
	for rows.Next() {
		var id int64
		var name string
		rows.Scan(&id, &name)
		ids[names[name]] = id
	}
	return ids
}

// edu stores an education row of person and returns its id.
func edu(t *testing.T, db *store.DB, person int64, status string, day int) int64 {
	t.Helper()
	var id int64
	if err := db.Writer().QueryRowContext(context.Background(), `INSERT INTO feed_education (file_id, row_no, person_id, id_idx,
		id_masked, stage, status, aid_item, aid_fen, day) VALUES (1, 1, ?, '', '', '初中', ?, '', 0, ?) RETURNING id`,
		person, status, day).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestScopeFollowups: a follow-up needs a 辍学 record of the person, one per
// person, inside the scope; steps and outcomes are checked and audited.
func TestScopeFollowups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := fixture(t, db)
		scopeA, scopeB := store.MustScope(testkit.VillageA), store.MustScope(testkit.VillageB)
		out2 := edu(t, db, ids[2], "辍学", 20260301)
		in4 := edu(t, db, ids[4], "在校", 20260301)
		edu(t, db, ids[6], "辍学", 20260301)
		day := civil.FromYMD(2026, 3, 5)
		req := func(p, row int64) Request {
			return Request{PersonID: p, FeedRowID: row, Responsible: "王老师", Opened: day}
		}
		if _, err := Open(ctx, db, scopeA, Request{PersonID: ids[2], Opened: day}, "t"); !errors.Is(err, fault.ErrInvalid) {
			t.Fatalf("no one responsible: %v", err)
		}
		if _, err := Open(ctx, db, scopeA, req(ids[6], 0), "t"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a person of village B: %v", err)
		}
		if _, err := Open(ctx, db, scopeA, req(ids[4], in4), "t"); !errors.Is(err, fault.ErrConflict) {
			t.Fatalf("at school: %v", err)
		}
		if _, err := Open(ctx, db, scopeA, req(ids[4], out2), "t"); !errors.Is(err, fault.ErrConflict) {
			t.Fatalf("another person's row: %v", err)
		}
		if _, err := Open(ctx, db, scopeA, req(ids[4], 0), "t"); !errors.Is(err, fault.ErrConflict) {
			t.Fatalf("no dropout row: %v", err)
		}
		id, err := Open(ctx, db, scopeA, req(ids[2], out2), "t")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Open(ctx, db, scopeA, req(ids[2], 0), "t"); !errors.Is(err, fault.ErrConflict) {
			t.Fatalf("a second follow-up: %v", err)
		}
		idB, err := Open(ctx, db, scopeB, req(ids[6], 0), "t")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Find(ctx, db.Reader(), scopeA, idB); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("B's follow-up from A: %v", err)
		}
		if err := AddStep(ctx, db, scopeA, idB, Step{Day: day, Note: "家访"}, "t"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a step on B's from A: %v", err)
		}
		if err := SetOutcome(ctx, db, scopeA, idB, Returned, day, "t"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("B's outcome from A: %v", err)
		}
		if err := AddStep(ctx, db, scopeA, id, Step{Day: day.AddDays(-1), Note: "家访"}, "t"); !errors.Is(err, fault.ErrInvalid) {
			t.Fatalf("a step before the start: %v", err)
		}
		for _, s := range []Step{{Day: day.AddDays(2), Note: "约谈家长"}, {Day: day, Note: "家访"}} {
			if err := AddStep(ctx, db, scopeA, id, s, "李四"); err != nil {
				t.Fatal(err)
			}
		}
		if err := SetOutcome(ctx, db, scopeA, id, "转学", day, "t"); !errors.Is(err, fault.ErrInvalid) {
			t.Fatalf("unknown outcome: %v", err)
		}
		if err := SetOutcome(ctx, db, scopeA, id, NotBack, day.AddDays(3), "t"); err != nil {
			t.Fatal(err)
		}
		if err := SetOutcome(ctx, db, scopeA, id, Returned, day.AddDays(9), "t"); err != nil {
			t.Fatal(err)
		}
		f, err := Find(ctx, db.Reader(), scopeA, id)
		if err != nil || f.Outcome != Returned || f.OutcomeOn != day.AddDays(9) || len(f.Steps) != 2 ||
			f.Steps[0].Note != "家访" || f.Steps[1].By != "李四" || f.FeedRowID != out2 || f.Responsible != "王老师" {
			t.Fatalf("follow-up: %v %+v", err, f)
		}
		var audits int
		db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action LIKE 'dropout.%'").Scan(&audits)
		if audits != 6 {
			t.Errorf("audit entries: %d, want 6", audits)
		}
		// the list of A: child 2 (a dropout of 14, followed); not 4 (at school) nor 6 (village B)
		list, err := List(ctx, db.Reader(), scopeA, civil.FromYMD(2026, 6, 30), 0)
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %v %+v", err, list)
		}
		if e := list[0]; e.PersonID != ids[2] || !e.Compulsory || e.Status != "辍学" || e.Followup.ID != id ||
			e.StepCount != 2 || e.HouseholdCode != "A1" || e.Followup.Outcome != Returned {
			t.Errorf("entry: %+v", e)
		}
		// back at school: still listed (the follow-up), no longer a dropout
		edu(t, db, ids[2], "在校", 20260401)
		list, _ = List(ctx, db.Reader(), scopeA, civil.FromYMD(2026, 6, 30), 0)
		if len(list) != 1 || list[0].Compulsory || list[0].Status != "在校" {
			t.Errorf("back at school: %+v", list)
		}
		one, err := List(ctx, db.Reader(), scopeA, civil.FromYMD(2026, 6, 30), list[0].HouseholdID)
		if err != nil || len(one) != 1 || one[0].Followup.ID != id || one[0].DropoutRow != out2 {
			t.Errorf("household: %v %+v", err, one)
		}
		var hhB int64
		db.Reader().QueryRowContext(ctx, "SELECT household_id FROM persons WHERE id = ?", ids[6]).Scan(&hhB)
		if got, _ := List(ctx, db.Reader(), scopeA, civil.FromYMD(2026, 6, 30), hhB); len(got) != 0 {
			t.Errorf("household B from A: %+v", got)
		}
		if got, _ := List(ctx, db.Reader(), scopeB, civil.FromYMD(2026, 6, 30), hhB); len(got) != 1 || got[0].Followup.ID != idB {
			t.Errorf("household B: %+v", got)
		}
	})
}

// TestScopeFollowupWarning: a dropout warning of the household opens one.
func TestScopeFollowupWarning(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	ids := fixture(t, db)
	var hh int64
	db.Reader().QueryRowContext(ctx, "SELECT household_id FROM persons WHERE id = ?", ids[4]).Scan(&hh)
	var w int64
	if err := db.Writer().QueryRowContext(ctx, `INSERT INTO warnings (household_id, region_code, county, rule, period, status,
		as_of, threshold, figures, evidence, person_id, created_at) VALUES (?, ?, (SELECT county FROM households WHERE id = ?),
		'dropout', '2026-03', 'open', '2026-03-31', '', '', '', ?, '') RETURNING id`, hh, testkit.VillageA, hh, ids[4]).Scan(&w); err != nil {
		t.Fatal(err)
	}
	r := Request{PersonID: ids[2], WarningID: w, Responsible: "王老师", Opened: civil.FromYMD(2026, 4, 1)}
	if _, err := Open(ctx, db, store.MustScope(testkit.VillageA), r, "t"); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("another household's warning: %v", err)
	}
	r.PersonID = ids[4]
	if _, err := Open(ctx, db, store.MustScope(testkit.VillageA), r, "t"); err != nil {
		t.Fatal(err)
	}
}
