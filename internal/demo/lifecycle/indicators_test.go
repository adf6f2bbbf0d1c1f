package lifecycle

import (
	"reflect"
	"testing"

	"fangpin/internal/demo"
	"fangpin/internal/village"
)

// TestVillageIndicators: the founding document's figures, whatever the
// villages' sizes, and the same rows for the same seed.
func TestVillageIndicators(t *testing.T) {
	codes, err := demo.VillageCodes()
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]int{}
	for i, code := range codes {
		registered[code] = 20 + i%37
	}
	cfg := demo.Config{Seed: 1, Scale: 1, Year: 2026}
	rows, err := VillageIndicators(cfg, registered)
	if err != nil {
		t.Fatal(err)
	}
	f := village.Aggregate(2026, rows, registered)
	hundredths := (f.SanitaryHouseholds*20000 + f.RegisteredHouseholds) / (2 * f.RegisteredHouseholds)
	if f.Villages != len(codes) || f.DemoProvincial != 3 || f.DemoCity != 12 || f.ToiletsDone != 2126 || f.ToiletsPlanned != 2126 ||
		hundredths != 8941 || f.WithCleanersVehicles != f.Villages || f.AllLists != f.Villages || f.SewageShare < 0.45 || f.SewageShare > 0.5 {
		t.Errorf("figures %+v (rate %d/10000)", f, hundredths)
	}
	for _, r := range rows {
		if err := r.Check(); err != nil || r.SanitaryHouseholds > registered[r.Region] {
			t.Errorf("row %+v: %v", r, err)
		}
	}
	again, _ := VillageIndicators(cfg, registered)
	if !reflect.DeepEqual(rows, again) {
		t.Error("not deterministic")
	}
}

func TestApportion(t *testing.T) {
	if got := apportion(10, []int{1, 1, 1}); !reflect.DeepEqual(got, []int{4, 3, 3}) {
		t.Errorf("apportion = %v", got)
	}
	if got := apportion(5, []int{0, 0}); !reflect.DeepEqual(got, []int{0, 0}) {
		t.Errorf("no weight: %v", got)
	}
	// from 10,000 households some count always gives 89.41% exactly
	for total := 10000; total < 20000; total += 37 {
		s := sanitaryTarget(total)
		if (s*20000+total)/(2*total) != 8941 {
			t.Errorf("sanitaryTarget(%d) = %d", total, s)
		}
	}
}
