package monitoring

import (
	"context"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func setCadre(t *testing.T, db *store.DB, hh int64, in CadreInput) (Cadre, error) {
	t.Helper()
	var c Cadre
	err := tx(t, db, func(q store.Querier) error {
		var err error
		c, err = SetCadre(context.Background(), q, townU.Scope(), testkit.Keys(t), townU, hh, in, now)
		return err
	})
	return c, err
}

func TestCadreHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "H1", testkit.VillageA, mon{category: "边缘易致贫户", identified: 202603}, worker)
		other := addHousehold(t, db, "H2", testkit.VillageA, mon{}, worker)
		u := addUser(t, db, "wang", testkit.VillageA)
		first, err := setCadre(t, db, hh, CadreInput{Name: "王芳", Unit: "镇政府", Phone: "13812345678", UserID: u, StartOn: "2026-03-10"})
		if err != nil {
			t.Fatal(err)
		}
		if first.PhoneMasked != "138****5678" || !first.Current() {
			t.Errorf("cadre %+v", first)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM household_cadres WHERE phone_enc IS NOT NULL AND phone_idx <> '' AND phone_masked = '138****5678'"); n != 1 {
			t.Error("phone not stored encrypted and indexed")
		}
		if _, err := setCadre(t, db, other, CadreInput{Name: "王芳", UserID: u, StartOn: "2026-04-01"}); err != nil {
			t.Fatal(err)
		}
		mine, err := MyHouseholds(ctx, db.Reader(), townU.Scope(), u)
		if err != nil || len(mine) != 2 || mine[0].Code != "H1" || mine[0].HeadName != "H1成员0" || mine[0].IdentifiedMonth != 202603 {
			t.Fatalf("MyHouseholds %+v %v", mine, err)
		}
		// a change ends the previous cadre the day before
		if _, err := setCadre(t, db, hh, CadreInput{Name: "李强", Phone: "0935-8221234", StartOn: "2026-09-01"}); err != nil {
			t.Fatal(err)
		}
		cs, err := Cadres(ctx, db.Reader(), townU.Scope(), hh)
		if err != nil || len(cs) != 2 || cs[0].Name != "李强" || !cs[0].Current() || cs[1].EndOn != "2026-08-31" {
			t.Fatalf("Cadres %+v %v", cs, err)
		}
		if mine, _ := MyHouseholds(ctx, db.Reader(), townU.Scope(), u); len(mine) != 1 || mine[0].Code != "H2" {
			t.Errorf("after the change: %+v", mine)
		}
		// a correction on the same day ends the previous one on its own first day
		if _, err := setCadre(t, db, hh, CadreInput{Name: "李刚", StartOn: "2026-09-01"}); err != nil {
			t.Fatal(err)
		}
		if cs, _ := Cadres(ctx, db.Reader(), townU.Scope(), hh); len(cs) != 3 || cs[1].EndOn != "2026-09-01" || cs[0].Name != "李刚" {
			t.Errorf("after a correction: %+v", cs)
		}
		if _, err := setCadre(t, db, hh, CadreInput{Name: "赵六", StartOn: "2026-08-01"}); !isInvalid(err, "start_on") {
			t.Errorf("a start before the current one's: %v", err)
		}
		for field, in := range map[string]CadreInput{
			"name":     {StartOn: "2026-10-01"},
			"phone":    {Name: "赵六", Phone: "12ab", StartOn: "2026-10-01"},
			"start_on": {Name: "赵六", StartOn: "2026/10/01"},
			"user_id":  {Name: "赵六", UserID: u + 100, StartOn: "2026-10-01"},
		} {
			if _, err := setCadre(t, db, hh, in); !isInvalid(err, field) {
				t.Errorf("%s: %v", field, err)
			}
		}
		err = tx(t, db, func(q store.Querier) error {
			return EndCadre(ctx, q, townU.Scope(), townU, hh, "2026-11-30", now)
		})
		if cs, _ := Cadres(ctx, db.Reader(), townU.Scope(), hh); err != nil || cs[0].Current() {
			t.Errorf("EndCadre: %v %+v", err, cs)
		}
		entries, n, _ := audit.Find(ctx, db.Reader(), store.MustScope(testkit.VillageA), audit.Filter{Action: "monitoring.cadre.set"})
		if n != 4 || strings.Contains(entries[n-1].Detail, "13812345678") || !strings.Contains(entries[n-1].Detail, "138****5678") {
			t.Errorf("audit %d %+v", n, entries)
		}
	})
}

// TestCadreAccount: the cadre's account must be enabled and cover the
// household's region.
func TestCadreAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		hh := addHousehold(t, db, "H1", testkit.VillageA, mon{}, worker)
		elsewhere := addUser(t, db, "b", testkit.VillageB)
		town := addUser(t, db, "town", testkit.Township)
		if _, err := setCadre(t, db, hh, CadreInput{Name: "甲", UserID: elsewhere, StartOn: "2026-03-01"}); !isInvalid(err, "user_id") {
			t.Errorf("a cadre of another village: %v", err)
		}
		if _, err := setCadre(t, db, hh, CadreInput{Name: "甲", UserID: town, StartOn: "2026-03-01"}); err != nil {
			t.Errorf("a township cadre: %v", err)
		}
	})
}

func TestCadrePhone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh := addHousehold(t, db, "H1", testkit.VillageA, mon{}, worker)
		c, err := setCadre(t, db, hh, CadreInput{Name: "王芳", Phone: "13812345678", StartOn: "2026-03-10"})
		if err != nil {
			t.Fatal(err)
		}
		var phone string
		err = tx(t, db, func(q store.Querier) error {
			phone, err = CadrePhone(ctx, q, townU.Scope(), testkit.Keys(t), townU, c.ID)
			return err
		})
		if err != nil || phone != "13812345678" {
			t.Fatalf("CadrePhone %q %v", phone, err)
		}
		if _, n, _ := audit.Find(ctx, db.Reader(), store.MustScope(testkit.VillageA), audit.Filter{Action: "monitoring.cadre.view_phone"}); n != 1 {
			t.Errorf("%d view entries", n)
		}
		if _, err := CadrePhone(ctx, db.Writer(), cadreA.Scope(), testkit.Keys(t), cadreA, c.ID); !isForbidden(err) {
			t.Errorf("a village cadre saw the full number: %v", err)
		}
	})
}
