package visit

import (
	"context"
	"errors"
	"slices"
	"testing"

	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// visitOn stores a visit with no answers on day.
func visitOn(t *testing.T, db *store.DB, hh int64, village, day string) {
	t.Helper()
	_, err := db.Writer().ExecContext(context.Background(), `INSERT INTO visits (household_id, county, region_code, visited_on,
		visitor, created_at) VALUES (?, ?, ?, ?, '村干部', ?)`, hh, region.County(village), village, day, store.Stamp(asOf))
	if err != nil {
		t.Fatal(err)
	}
}

// TestDue: a household is due when not visited within the shortest
// interval of its groups, at most 30 days when it is monitored; the due
// come first, never visited before overdue, then by village and code.
func TestDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dibao := []p{{dibao: true}}
		recent, _ := hh{code: "recent", persons: dibao}.add(t, db)
		visitOn(t, db, recent, testkit.VillageA, "2026-10-01")
		old, _ := hh{code: "old", persons: dibao}.add(t, db)
		visitOn(t, db, old, testkit.VillageA, "2026-07-01")
		visitOn(t, db, old, testkit.VillageA, "2026-06-01")
		edge, _ := hh{code: "edge", persons: dibao}.add(t, db)
		visitOn(t, db, edge, testkit.VillageA, "2026-08-30") // + 90 days = 11-28: due today
		hh{code: "never", persons: dibao, village: testkit.VillageB}.add(t, db)
		mon, _ := hh{code: "monitored", persons: dibao, monitored: true}.add(t, db)
		visitOn(t, db, mon, testkit.VillageA, "2026-10-01")
		later, _ := hh{code: "later", persons: dibao}.add(t, db)
		visitOn(t, db, later, testkit.VillageA, "2026-12-01") // after as_of: not counted

		es, total, err := MustVisit(context.Background(), db.Reader(), store.MustScope(testkit.County), Filter{}, asOf)
		if err != nil || total != 6 {
			t.Fatalf("MustVisit: %d, %v", total, err)
		}
		type row struct {
			code, last, dueBy string
			interval          int
			due               bool
		}
		want := []row{
			{"later", "", "", 90, true},
			{"never", "", "", 90, true},
			{"old", "2026-07-01", "2026-09-29", 90, true},
			{"monitored", "2026-10-01", "2026-10-31", 30, true},
			{"edge", "2026-08-30", "2026-11-28", 90, true},
			{"recent", "2026-10-01", "2026-12-30", 90, false},
		}
		for i, w := range want {
			e := es[i]
			if got := (row{e.Code, e.LastVisit, e.DueBy, e.IntervalDays, e.Due}); got != w {
				t.Errorf("entry %d: %+v, want %+v", i, got, w)
			}
		}
		due := list(t, db, store.MustScope(testkit.County), Filter{DueOnly: true})
		if len(due) != 5 || due["recent"].Code != "" {
			t.Errorf("due only: %v", due)
		}
	})
}

// TestFilters: by region, by group (with all reasons kept), paging, and the
// errors.
func TestFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hh{code: "a1", persons: []p{{dibao: true, major: true}}}.add(t, db)
		hh{code: "a2", persons: []p{{major: true}}}.add(t, db)
		hh{code: "b1", village: testkit.VillageB, persons: []p{{dibao: true}}}.add(t, db)
		hh{code: "c1", village: testkit.VillageC, persons: []p{{dibao: true}}}.add(t, db)
		scope := store.MustScope(testkit.County)
		if got := list(t, db, scope, Filter{Region: testkit.Township}); len(got) != 3 || got["c1"].Code != "" {
			t.Errorf("township: %v", got)
		}
		got := list(t, db, scope, Filter{Group: GroupDibao})
		if len(got) != 3 || !slices.Equal(codes(got["a1"]), []string{GroupIllness, GroupDibao}) {
			t.Errorf("dibao: %v", got)
		}
		es, total, err := MustVisit(ctx, db.Reader(), scope, Filter{Page: 2, PerPage: 3}, asOf)
		if err != nil || total != 4 || len(es) != 1 || es[0].Code != "c1" {
			t.Errorf("page 2: %v of %d, %v", es, total, err)
		}
		if es, total, err := MustVisit(ctx, db.Reader(), scope, Filter{Page: 9}, asOf); err != nil || total != 4 || len(es) != 0 {
			t.Errorf("page 9: %v of %d, %v", es, total, err)
		}
		if _, _, err := MustVisit(ctx, db.Reader(), scope, Filter{Group: "rich"}, asOf); !fault.InvalidOn(err, "group") {
			t.Errorf("unknown group: %v", err)
		}
		if _, _, err := MustVisit(ctx, db.Reader(), store.MustScope(testkit.Township), Filter{Region: testkit.VillageC}, asOf); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a region outside the scope: %v", err)
		}
		if _, _, err := MustVisit(ctx, db.Reader(), scope, Filter{Region: "6203"}, asOf); !fault.InvalidOn(err, "region") {
			t.Errorf("a malformed region: %v", err)
		}
		if _, _, err := MustVisit(ctx, db.Reader(), store.Scope{}, Filter{}, asOf); err == nil {
			t.Error("no scope")
		}
	})
}

// TestSettingsByRegion: a township words a group its own way and disables
// another, a village shortens an interval, the county turns on the
// monitored group; each household is judged by the most specific setting,
// also when the list covers several settings.
func TestSettingsByRegion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := db.Writer()
		if err := Seed(ctx, w); err != nil {
			t.Fatal(err)
		}
		set := func(region string, g Group) {
			t.Helper()
			if err := SetGroup(ctx, w, region, g, "test"); err != nil {
				t.Fatal(err)
			}
		}
		set(testkit.Township2, Group{Code: GroupDibao, Label: "低保对象", Enabled: true, IntervalDays: 60, Position: 4})
		set(testkit.Township2, Group{Code: GroupIllness, Label: "大病", Enabled: false, IntervalDays: 90, Position: 2})
		set(testkit.VillageB, Group{Code: GroupDibao, Label: "低保户", Enabled: true, IntervalDays: 45, Position: 4})
		set(testkit.County, Group{Code: GroupMonitored, Label: "监测户", Enabled: true, IntervalDays: 20, Position: 10})
		set(testkit.Township, Group{Code: GroupSchooling, Label: "三孩上学", Enabled: true, IntervalDays: 90, Position: 6,
			Params: map[string]int{"min_children": 3}})
		two := []p{{}, {schooling: "小学"}, {schooling: "七年级"}}
		hh{code: "a", persons: []p{{dibao: true, major: true}}}.add(t, db)
		hh{code: "a-school", persons: two}.add(t, db)
		hh{code: "b", village: testkit.VillageB, persons: []p{{dibao: true}}}.add(t, db)
		hh{code: "c", village: testkit.VillageC, persons: []p{{dibao: true, major: true}}}.add(t, db)
		hh{code: "c-school", village: testkit.VillageC, persons: two}.add(t, db)
		hh{code: "m", monitored: true}.add(t, db)
		hh{code: "other", village: testkit.OtherVillage, persons: []p{{dibao: true}}, monitored: true}.add(t, db)
		for _, scope := range []store.Scope{store.MustScope(testkit.County), store.ScopeAll()} {
			got := list(t, db, scope, Filter{})
			check := func(code string, interval int, labels string) {
				t.Helper()
				if e := got[code]; e.IntervalDays != interval || e.Labels() != labels {
					t.Errorf("%v %s: %d days, %q", scope, code, e.IntervalDays, e.Labels())
				}
			}
			check("a", 90, "患大病或长期慢性病、低保户")
			check("b", 45, "低保户")
			check("c", 60, "低保对象")
			check("c-school", 90, "多子女上学")
			check("m", 20, "监测户")
			if got["a-school"].Code != "" {
				t.Errorf("%v: two pupils listed where three are wanted", scope)
			}
			if scope.Prefix() == "" {
				check("other", 30, "低保户") // another county: monitored group off, its interval 30
			}
		}
		gs, err := Groups(ctx, db.Reader(), testkit.VillageC)
		if err != nil || gs[1].Enabled || gs[1].Region != testkit.Township2 || gs[3].IntervalDays != 60 || gs[0].Region != "" {
			t.Errorf("Groups(village C) = %+v, %v", gs, err)
		}
	})
}

func TestSetGroupRefuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cases := []struct {
			region string
			g      Group
			field  string
		}{
			{testkit.County, Group{Code: "rich", Label: "富户", IntervalDays: 90}, "code"},
			{testkit.County, Group{Code: GroupDibao, Label: " ", IntervalDays: 90}, "label"},
			{testkit.County, Group{Code: GroupDibao, Label: "低保", IntervalDays: 0}, "interval_days"},
			{testkit.County, Group{Code: GroupDibao, Label: "低保", IntervalDays: 90, Params: map[string]int{"x": 1}}, "params"},
			{testkit.County, Group{Code: GroupSchooling, Label: "上学", IntervalDays: 90, Params: map[string]int{"min_children": -1}}, "params"},
			{"6203", Group{Code: GroupDibao, Label: "低保", IntervalDays: 90}, "region"},
		}
		for _, c := range cases {
			if err := SetGroup(ctx, db.Writer(), c.region, c.g, "t"); !fault.InvalidOn(err, c.field) {
				t.Errorf("SetGroup(%+v) = %v, want invalid %s", c.g, err, c.field)
			}
		}
		if err := SetItem(ctx, db.Writer(), testkit.County, Item{Code: "水", Label: "饮水"}, "t"); !fault.InvalidOn(err, "code") {
			t.Errorf("SetItem with a bad code: %v", err)
		}
	})
}

// TestSeedAndItems: the seed stores the defaults once and never over a
// changed setting; a county adds an item and rewords one, a village turns
// one off.
func TestSeedAndItems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := db.Writer()
		for range 2 {
			if err := Seed(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM visit_groups"); n != len(defaultGroups) {
			t.Fatalf("%d seeded groups, want %d", n, len(defaultGroups))
		}
		if err := SetItem(ctx, w, "", Item{Code: "income", Label: "收入来源", Enabled: true, Position: 1}, "admin"); err != nil {
			t.Fatal(err)
		}
		if err := Seed(ctx, w); err != nil {
			t.Fatal(err)
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(SetItem(ctx, w, testkit.County, Item{Code: "toilet", Label: "卫生厕所", Enabled: true, Position: 8}, "xian"))
		must(SetItem(ctx, w, testkit.County, Item{Code: "water", Label: "饮水安全（水质水量）", Enabled: true, Position: 5}, "xian"))
		must(SetItem(ctx, w, testkit.VillageB, Item{Code: "family", Label: "家庭变化", Enabled: false, Position: 7}, "cun"))
		labels := func(region string) []string {
			items, err := Items(ctx, db.Reader(), region)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range items {
				if it.Enabled {
					out = append(out, it.Label)
				}
			}
			return out
		}
		want := []string{"收入来源", "义务教育", "基本医疗", "住房安全", "饮水安全（水质水量）", "帮扶措施落实", "家庭变化", "卫生厕所"}
		if got := labels(testkit.VillageA); !slices.Equal(got, want) {
			t.Errorf("village A: %v", got)
		}
		if got := labels(testkit.VillageB); len(got) != 7 || slices.Contains(got, "家庭变化") {
			t.Errorf("village B: %v", got)
		}
		if got := labels(testkit.OtherVillage); !slices.Equal(got, []string{"收入来源", "义务教育", "基本医疗", "住房安全", "饮水安全", "帮扶措施落实", "家庭变化"}) {
			t.Errorf("another county: %v", got)
		}
	})
}
