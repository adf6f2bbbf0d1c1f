package survey

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/demo/demotest"
	"fangpin/internal/region"
	"fangpin/internal/report"
	"fangpin/internal/stats"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// demoCity fills db with the demo city's registry (scale 1: 14,000
// households) as of asOf. The demo's casework (lifecycle.Run) is left out to
// keep the test cheap: the plan figures count every monitored household
// with a checked risk type, and there are no measures or cases.
func demoCity(tb testing.TB, db *store.DB, asOf time.Time) {
	tb.Helper()
	demotest.City(tb, db, testkit.Keys(tb), demo.Config{Seed: 1, Scale: 1, Year: asOf.Year(), AsOf: asOf})
}

// TestDemoCity writes the report of the demo city and checks its figures
// are the overview's as `stats --json` prints it, its sentences state them,
// and a township's user cannot ask for another township.
func TestDemoCity(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and works the whole demo city")
	}
	ctx := context.Background()
	db := storetest.SQLite(t)
	asOf := time.Date(2026, 11, 28, 0, 0, 0, 0, civil.Zone)
	demoCity(t, db, asOf)
	day := civil.DateOf(asOf).UTC() // as the command line passes it
	r, err := Build(ctx, db, store.ScopeAll(), demo.CityCode, day)
	if err != nil {
		t.Fatal(err)
	}
	// the `stats --json` path: the same call, encoded as the command encodes it
	o, err := stats.Compute(ctx, db, store.ScopeAll(), demo.CityCode, day)
	if err != nil {
		t.Fatal(err)
	}
	want, got := encode(t, o), encode(t, r.Figures.Overview)
	if want != got {
		t.Errorf("the report's overview differs from stats --json:\n%s\nwant\n%s", got, want)
	}
	// the dashboard's: its overview is stats --json's, and the figures the
	// report and the dashboard both state are equal
	d, err := report.Dashboard(ctx, db, store.ScopeAll(), demo.CityCode, civil.DateOfUTC(day))
	if err != nil {
		t.Fatal(err)
	}
	if got := encode(t, d.Overview); got != want {
		t.Errorf("the dashboard's overview differs from stats --json:\n%s\nwant\n%s", got, want)
	}
	if d.Monitored != r.Figures.Monitored || d.OverdueCases != r.Figures.OverdueCases {
		t.Errorf("dashboard: monitored %+v, overdue %d; report: monitored %+v, overdue %d",
			d.Monitored, d.OverdueCases, r.Figures.Monitored, r.Figures.OverdueCases)
	}
	var js struct {
		Households struct {
			FormerlyPoor int `json:"formerly_poor"`
		} `json:"households"`
		Persons struct {
			FormerlyPoor int `json:"formerly_poor"`
		} `json:"persons"`
		Monitoring map[string]any      `json:"monitoring"`
		Self       struct{ Total int } `json:"self_reports"`
		Ill        struct {
			PersonsIll, Chronic, Major, Households int
			Share                                  float64 `json:"household_share"`
		} `json:"illness_among_formerly_poor"`
	}
	if err := json.Unmarshal([]byte(want), &js); err != nil {
		t.Fatal(err)
	}
	js.Ill.PersonsIll = o.Illness.PersonsIll // persons_ill has an underscore
	pair := func(k string) string {
		m := js.Monitoring[k].(map[string]any)
		return num(int(m["households"].(float64))) + "户" + num(int(m["persons"].(float64))) + "人"
	}
	s := text(r)
	reportHas(t, s,
		"截至2026年11月28日，全市新识别纳入监测对象"+pair("identified_this_year")+"，重新标注风险"+pair("remarked_this_year")+
			"，累计纳入监测对象"+pair("cumulative")+"，已消除风险"+pair("eliminated")+"。",
		"现有的"+num(js.Households.FormerlyPoor)+"户"+num(js.Persons.FormerlyPoor)+"名脱贫人口中，患病人口有"+num(js.Ill.PersonsIll)+
			"人（患慢性病"+num(js.Ill.Chronic)+"人，患大病"+num(js.Ill.Major)+"人），涉及"+num(js.Ill.Households)+"户，占脱贫户的",
		"有"+pair("plan_mismatch")+"监测对象的风险类型尚无对应的帮扶措施",
		pair("no_development_measure")+"纳入监测已满一个月",
	)
	if share := pct(js.Ill.Households, js.Households.FormerlyPoor); !strings.Contains(s, "占脱贫户的"+share) ||
		share != pct(int(js.Ill.Share*1e6), 1e6) {
		t.Errorf("illness share %s (household_share %v)", share, js.Ill.Share)
	}
	m := o.Monitoring
	if f := r.Figures; f.Monitored.Households != m.Cumulative.Households-m.Eliminated.Households ||
		f.Monitored.Persons != m.Cumulative.Persons-m.Eliminated.Persons || f.Income.Households == 0 {
		t.Errorf("figures %+v", f)
	}
	var buf bytes.Buffer
	if err := r.WriteDOCX(&buf); err != nil || buf.Len() == 0 {
		t.Errorf("docx: %v", err)
	}

	// scope: a township's user asks for another township of the city
	var a, b string
	if err := db.Reader().QueryRowContext(ctx, `SELECT min(substr(region_code, 1, 9)), max(substr(region_code, 1, 9)) FROM households`).Scan(&a, &b); err != nil || a == b {
		t.Fatalf("two townships: %q %q %v", a, b, err)
	}
	own := store.MustScope(a + "000")
	if _, err := Build(ctx, db, own, b+"000", day); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another township's report: %v, want not found", err)
	}
	if _, err := Build(ctx, db, own, demo.CityCode, day); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the city's report from a township: %v, want not found", err)
	}
	if tr, err := Build(ctx, db, own, a+"000", day); err != nil || tr.Region.Level != region.LevelTownship {
		t.Errorf("own township: %v", err)
	}
}

func encode(t *testing.T, o *stats.Overview) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
