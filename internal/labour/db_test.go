package labour

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/pii"
	"fangpin/internal/registry/registrytest"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// fixture registers six households of one member each (ID testkit.ID(1…6))
// and returns the keys and a map from ID to person and household id.
func fixture(t *testing.T, db *store.DB) (*pii.Keys, map[string][2]int64) {
	t.Helper()
	ctx := context.Background()
	testkit.Regions(t, db)
	rows := []string{registrytest.Head + ",劳动技能,监测对象类别,识别监测时间"}
	for i, r := range []string{
		testkit.VillageA + ",A1,脱贫户,甲,%s,户主,初中,健康,普通劳动力,,",              // formerly poor labour
		testkit.VillageA + ",A2,一般农户,乙,%s,户主,初中,健康,技能劳动力,边缘易致贫户,202603", // monitored labour
		testkit.VillageA + ",A3,一般农户,丙,%s,户主,初中,健康,普通劳动力,,",             // neither
		testkit.VillageA + ",A4,脱贫户,丁,%s,户主,初中,健康,无劳动力,,",               // no labour
		testkit.VillageA + ",A5,脱贫户,戊,%s,户主,初中,健康,普通劳动力,,",              // away too short
		testkit.VillageB + ",B1,脱贫户,己,%s,户主,初中,健康,普通劳动力,,",              // another village
	} {
		rows = append(rows, strings.Replace(r, "%s", testkit.ID(i+1), 1))
	}
	keys := testkit.Keys(t)
	registrytest.Import(t, db, keys, time.Date(2026, 3, 28, 0, 0, 0, 0, civil.Zone), rows...)
	ids := map[string][2]int64{}
	for i := 1; i <= 6; i++ {
		var p, h int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id, household_id FROM persons WHERE id_idx = ?",
			keys.Index(testkit.ID(i))).Scan(&p, &h); err != nil {
			t.Fatal(err)
		}
		ids[testkit.ID(i)] = [2]int64{p, h}
	}
	return keys, ids
}

func save(t *testing.T, db *store.DB, ids map[string][2]int64, seq int, region string, year int, dest, prov string, months int) {
	t.Helper()
	id := ids[testkit.ID(seq)]
	tr := Transfer{PersonID: id[0], HouseholdID: id[1], Region: region, Year: year, Destination: dest, Province: prov,
		Months: months, IncomeFen: 1_000_000, Source: SourceTyped}
	if err := SaveTransfer(context.Background(), db.Writer(), tr, "test", "2026-11-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
}

// TestScopeBatch: the rules at their edges through the database — who is due,
// at what amount, once a year, within the scope.
func TestScopeBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, ids := fixture(t, db)
		save(t, db, ids, 1, testkit.VillageA, 2026, OutProv, "陕西省", 3) // at the threshold
		save(t, db, ids, 2, testkit.VillageA, 2026, InProvince, "", 12)
		save(t, db, ids, 3, testkit.VillageA, 2026, InCity, "", 12)
		save(t, db, ids, 4, testkit.VillageA, 2026, InCity, "", 12)
		save(t, db, ids, 5, testkit.VillageA, 2026, InCity, "", 2) // one month less
		save(t, db, ids, 6, testkit.VillageB, 2026, InCity, "", 12)
		day := civil.FromYMD(2026, 11, 28)

		// A2 is monitored from March 2026: not due in February
		if due, err := Due(ctx, db.Reader(), store.MustScope(testkit.VillageA), 2026, civil.FromYMD(2026, 2, 28)); err != nil ||
			len(due) != 1 || due[0].PersonID != ids[testkit.ID(1)][0] {
			t.Fatalf("due before the monitoring began: %+v %v", due, err)
		}
		// scope: a village's user cannot make another village's list
		if _, err := CreateBatch(ctx, db, store.MustScope(testkit.VillageB), testkit.VillageA, 2026, day, "t"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("batch outside the scope: %v", err)
		}
		b, err := CreateBatch(ctx, db, store.MustScope(testkit.VillageA), testkit.VillageA, 2026, day, "t")
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]int64{}
		for _, l := range b.Lines {
			got[l.PersonID] = l.AmountFen
		}
		want := map[int64]int64{ids[testkit.ID(1)][0]: 40000, ids[testkit.ID(2)][0]: 30000}
		if len(got) != len(want) || got[ids[testkit.ID(1)][0]] != 40000 || got[ids[testkit.ID(2)][0]] != 30000 || b.AmountFen != 70000 {
			t.Fatalf("batch: %v (total %d), want %v", got, b.AmountFen, want)
		}
		if bs, err := Batches(ctx, db.Reader(), store.MustScope(testkit.VillageB), 2026); err != nil || len(bs) != 0 {
			t.Fatalf("another village's batches: %+v %v", bs, err)
		}
		if bs, err := Batches(ctx, db.Reader(), store.MustScope(testkit.VillageA), 2026); err != nil || len(bs) != 1 || bs[0].ID != b.ID {
			t.Fatalf("batches: %+v %v", bs, err)
		}
		if _, err := LoadBatch(ctx, db.Reader(), store.MustScope(testkit.VillageB), b.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another village's batch: %v", err)
		}
		// a second list of the same year pays nobody twice
		if _, err := CreateBatch(ctx, db, store.ScopeAll(), testkit.VillageA, 2026, day, "t"); fault.KindOf(err) != fault.Conflict {
			t.Fatalf("second batch of the year: %v", err)
		}
		// next year, with a new rate from its first day
		if err := SetRate(ctx, db, Rate{OutProv, "陕西", civil.FromYMD(2027, 2, 1), 50000}); err != nil {
			t.Fatal(err)
		}
		save(t, db, ids, 1, testkit.VillageA, 2027, OutProv, "陕西", 4)
		due, err := Due(ctx, db.Reader(), store.MustScope(testkit.VillageA), 2027, civil.FromYMD(2027, 1, 31))
		if err != nil || len(due) != 1 || due[0].AmountFen != 40000 {
			t.Fatalf("due the day before the new rate: %+v %v", due, err)
		}
		b2, err := CreateBatch(ctx, db, store.ScopeAll(), testkit.VillageA, 2027, civil.FromYMD(2027, 2, 1), "t")
		if err != nil || len(b2.Lines) != 1 || b2.AmountFen != 50000 {
			t.Fatalf("next year's batch: %+v %v", b2, err)
		}
		for _, c := range []struct {
			day                 civil.Date
			transferred, subsid int
		}{{civil.FromYMD(2026, 10, 31), 0, 0}, {civil.FromYMD(2026, 11, 27), 5, 0}, {day, 5, 2}} {
			f, err := FiguresAt(ctx, db.Reader(), store.MustScope(testkit.VillageA), c.day)
			if err != nil || f.Transferred != c.transferred || f.Subsidised != c.subsid ||
				f.IncomeFen != int64(c.transferred)*1_000_000 || (c.subsid == 2) != (f.SubsidyAmountFen == 70000) {
				t.Errorf("figures as of %s: %+v %v", c.day, f, err)
			}
		}
		// the household page: the member's transfers, newest year first, each
		// with the subsidy paid for it; another village's user sees none
		hh := ids[testkit.ID(1)][1]
		ts, err := OfHousehold(ctx, db.Reader(), store.MustScope(testkit.VillageA), hh)
		if err != nil || len(ts) != 2 || ts[0].Year != 2027 || ts[0].SubsidyFen != 50000 || ts[0].PaidDay != "2027-02-01" ||
			ts[1].Year != 2026 || ts[1].SubsidyFen != 40000 || ts[1].PaidDay != "2026-11-28" || ts[1].Months != 3 {
			t.Fatalf("the household's transfers: %+v %v", ts, err)
		}
		if ts, err := OfHousehold(ctx, db.Reader(), store.MustScope(testkit.VillageB), hh); err != nil || len(ts) != 0 {
			t.Fatalf("another village's household's transfers: %+v %v", ts, err)
		}
		var audited int
		if err := db.Reader().QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = 'labour.batch'").Scan(&audited); err != nil || audited != 2 {
			t.Fatalf("audit entries: %d %v", audited, err)
		}
	})
}
