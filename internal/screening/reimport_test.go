package screening

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fangpin/internal/pii"
	"fangpin/internal/registry"
	"fangpin/internal/registry/registrytest"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// importHouseholds imports a household template through the registry.
func importHouseholds(t *testing.T, db *store.DB, keys *pii.Keys, rows ...string) *registry.ImportResult {
	t.Helper()
	lines := append([]string{registrytest.Head + ",劳动技能,人均纯收入（元）,收入年度"}, rows...)
	res := registrytest.Import(t, db, keys, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), lines...)
	return res
}

// TestWarningsSurviveReimport: warnings reference households by id, which
// a re-import keeps for existing households; the re-imported household is
// not warned again.
func TestWarningsSurviveReimport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		testkit.Regions(t, db)
		keys := testkit.Keys(t)
		rows := []string{
			"620321100201,HH001,脱贫户,张一," + testkit.ID(1) + ",户主,初中,健康,普通劳动力,9000,2025",
			"620321100201,HH001,脱贫户,李一," + testkit.ID(2) + ",配偶,初中,健康,普通劳动力,9000,2025",
			"620321100202,HH002,一般农户,王二," + testkit.ID(3) + ",户主,小学,健康,普通劳动力,15000,2025",
		}
		importHouseholds(t, db, keys, rows...)
		w := newWorld(t, db)
		var head int64
		if err := db.Reader().QueryRowContext(ctx, "SELECT id FROM persons WHERE id_idx = ?", keys.Index(testkit.ID(1))).Scan(&head); err != nil {
			t.Fatal(err)
		}
		w.claim(head, 20260301, 2_500_000)
		first := w.screen(asOf)
		if first.Rules[MedicalOOP].NewWarnings != 1 {
			t.Fatalf("first screen: %+v", first.Rules)
		}
		before := w.warned(MedicalOOP)

		rows[0] = strings.Replace(rows[0], ",9000,", ",5000,", 1)
		rows[1] = strings.Replace(rows[1], ",9000,", ",5000,", 1)
		rows = append(rows, "620321100201,HH001,脱贫户,张小一,"+testkit.ID(4)+",之子,小学,健康,普通劳动力,5000,2025")
		res := importHouseholds(t, db, keys, rows...)
		if res.HouseholdsInserted != 0 || res.PersonsInserted != 1 {
			t.Fatalf("re-import: %+v", res)
		}
		if after := w.warned(MedicalOOP); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("warnings moved: %v, was %v", after, before)
		}
		x := w.warning(before[0], MedicalOOP)
		if x.HouseholdCode != "HH001" || x.Region != villageA {
			t.Errorf("warning %+v", x)
		}
		second := w.screen(asOf)
		if second.Rules[MedicalOOP] != (RuleCount{Households: 1}) || second.Rules[IncomeBelowRange] != (RuleCount{Households: 1, NewWarnings: 1}) {
			t.Errorf("second screen: %+v", second.Rules)
		}
	})
}
