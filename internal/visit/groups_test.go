package visit

import (
	"context"
	"slices"
	"testing"

	"fangpin/internal/incomeline"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestGroups puts households in and just out of every group and expects
// exactly the reasons each should have.
func TestGroups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		y := map[int]int64{2025: 20000} // a comfortable income
		add := func(h hh) (int64, []int64) {
			if h.incomes == nil {
				h.incomes = y
			}
			return h.add(t, db)
		}
		want := map[string][]string{}
		in := func(code string, groups ...string) { want[code] = groups }

		// 收入: the line is 7,800 元 (default) × 120% = 9,360 元
		add(hh{code: "low", incomes: map[int]int64{2025: 9359}})
		in("low", GroupLowIncome)
		add(hh{code: "low-edge", incomes: map[int]int64{2025: 9360}})
		add(hh{code: "fell", incomes: map[int]int64{2024: 20000, 2025: 17999}})
		in("fell", GroupLowIncome)
		add(hh{code: "fell-10", incomes: map[int]int64{2024: 20000, 2025: 18000}})
		add(hh{code: "old-low", incomes: map[int]int64{2024: 5000, 2025: 20000}})
		add(hh{code: "no-income", incomes: map[int]int64{}})
		add(hh{code: "future-low", incomes: map[int]int64{2025: 20000, 2027: 100}})
		// the township of village C sets 8,000 元 for 2025: 9,600 元 with the margin
		if err := incomeline.Set(ctx, db.Writer(), testkit.Township2, 2025, 800000, "test"); err != nil {
			t.Fatal(err)
		}
		add(hh{code: "c-low", village: testkit.VillageC, incomes: map[int]int64{2025: 9500}})
		in("c-low", GroupLowIncome)
		add(hh{code: "a-9500", incomes: map[int]int64{2025: 9500}})

		// 疾病
		add(hh{code: "major", persons: []p{{}, {major: true}}})
		in("major", GroupIllness)
		add(hh{code: "chronic", persons: []p{{chronic: true}}})
		in("chronic", GroupIllness)
		add(hh{code: "ill-left", persons: []p{{}, {major: true, left: true}}})

		// 特困独居
		add(hh{code: "tekun", persons: []p{{tekun: true}}})
		in("tekun", GroupTekunAlone)
		add(hh{code: "tekun-two", persons: []p{{tekun: true}, {}}})
		add(hh{code: "tekun-left", persons: []p{{tekun: true}, {left: true}}})
		in("tekun-left", GroupTekunAlone)

		// 低保
		add(hh{code: "dibao", persons: []p{{}, {dibao: true}}})
		in("dibao", GroupDibao)
		add(hh{code: "dibao-left", persons: []p{{}, {dibao: true, left: true}}})

		// 残疾
		add(hh{code: "dis-registry", persons: []p{{disabled: true}}})
		in("dis-registry", GroupDisability)
		_, ps := add(hh{code: "dis-severe", persons: []p{{}}})
		feed(t, db, "disability", ps[0], "肢体", 2, ymd(2015, 3, 1))
		in("dis-severe", GroupDisability)
		_, ps = add(hh{code: "dis-new", persons: []p{{disabled: true}}})
		feed(t, db, "disability", ps[0], "视力", 4, ymd(2026, 8, 1))
		in("dis-new", GroupDisability)
		_, ps = add(hh{code: "dis-mild-old", persons: []p{{disabled: true}}})
		feed(t, db, "disability", ps[0], "听力", 3, ymd(2025, 11, 28))

		// 多子女上学
		add(hh{code: "pupils", persons: []p{{}, {schooling: "小学"}, {schooling: "七年级"}}})
		in("pupils", GroupSchooling)
		add(hh{code: "one-pupil", persons: []p{{}, {schooling: "小学"}, {schooling: "学龄前儿童"}}})

		// 务工不稳定
		add(hh{code: "short-work", persons: []p{{months: 5}}})
		in("short-work", GroupMigrant)
		add(hh{code: "long-work", persons: []p{{months: 6}}})
		add(hh{code: "no-work", persons: []p{{months: 0}, {months: -1}}})
		_, ps = add(hh{code: "jobless", persons: []p{{months: 10}}})
		feed(t, db, "employment", ps[0], "失业", "省外", 0, ymd(2026, 9, 1))
		in("jobless", GroupMigrant)
		_, ps = add(hh{code: "jobless-old", persons: []p{{months: 10}}})
		feed(t, db, "employment", ps[0], "失业", "省外", 0, ymd(2025, 11, 28))
		_, ps = add(hh{code: "working", persons: []p{{months: 10}}})
		feed(t, db, "employment", ps[0], "务工", "省外", 10, ymd(2026, 9, 1))

		// 灾害或重大变故
		_, ps = add(hh{code: "flood", persons: []p{{}}})
		feed(t, db, "disaster", ps[0], "洪涝", 1500000, ymd(2026, 6, 1))
		in("flood", GroupEvent)
		_, ps = add(hh{code: "death", persons: []p{{}, {left: true}}})
		feed(t, db, "death", ps[1], ymd(2026, 11, 1))
		in("death", GroupEvent)
		_, ps = add(hh{code: "old-flood", persons: []p{{}}})
		feed(t, db, "disaster", ps[0], "洪涝", 1500000, ymd(2024, 6, 1))

		// 部门预警
		id, _ := add(hh{code: "warned"})
		warning(t, db, id, testkit.VillageA, "open")
		in("warned", GroupWarning)
		id, _ = add(hh{code: "warning-done"})
		warning(t, db, id, testkit.VillageA, "handled")

		// several at once; monitored households are listed for other reasons only
		add(hh{code: "many", monitored: true, incomes: map[int]int64{2025: 3000}, persons: []p{{dibao: true, major: true}}})
		in("many", GroupLowIncome, GroupIllness, GroupDibao)
		add(hh{code: "monitored-only", monitored: true})

		got := list(t, db, store.MustScope(testkit.County), Filter{})
		for code, e := range got {
			if !slices.Equal(codes(e), want[code]) {
				t.Errorf("%s: reasons %v, want %v", code, codes(e), want[code])
			}
		}
		for code := range want {
			if _, ok := got[code]; !ok {
				t.Errorf("%s is not on the list", code)
			}
		}
		if e := got["many"]; e.Category != "边缘易致贫户" || e.HeadName == "" || e.Labels() != "收入偏低或明显下降、患大病或长期慢性病、低保户" {
			t.Errorf("entry %+v (%s)", e, e.Labels())
		}
	})
}

// TestParamsByRegion: each household is judged by the parameters of the
// setting in force in its region, also where another region of the list
// asks for a wider window, range or line: the county a longer window of
// disasters than the default, township 2 a shorter one and milder grades,
// village B other months of work and no pupil at all, village C a lower
// line.
func TestParamsByRegion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		set := func(region, code string, params map[string]int) {
			t.Helper()
			g := Group{Code: code, Label: "设置", Enabled: true, IntervalDays: 90, Params: params}
			if err := SetGroup(ctx, db.Writer(), region, g, "test"); err != nil {
				t.Fatal(err)
			}
		}
		set(testkit.County, GroupEvent, map[string]int{"recent_months": 24})
		set(testkit.Township2, GroupEvent, map[string]int{"recent_months": 3})
		set(testkit.Township2, GroupDisability, map[string]int{"max_grade": 3})
		set(testkit.VillageB, GroupMigrant, map[string]int{"min_months": 6, "max_months": 8, "recent_months": 1})
		set(testkit.VillageB, GroupSchooling, map[string]int{"min_children": 0})
		set(testkit.VillageC, GroupLowIncome, map[string]int{"line_pct": 50, "drop_pct": 10})
		want := map[string][]string{}
		add := func(code, village string, h hh, groups ...string) []int64 {
			t.Helper()
			h.code, h.village = code, village
			if len(groups) > 0 {
				want[code] = groups
			}
			_, ps := h.add(t, db)
			return ps
		}
		feed(t, db, "disaster", add("a-flood-18m", testkit.VillageA, hh{}, GroupEvent)[0], "洪涝", 100, ymd(2025, 6, 1))
		feed(t, db, "disaster", add("c-flood-6m", testkit.VillageC, hh{})[0], "洪涝", 100, ymd(2026, 6, 1))
		feed(t, db, "disaster", add("c-flood-2m", testkit.VillageC, hh{}, GroupEvent)[0], "洪涝", 100, ymd(2026, 10, 1))
		feed(t, db, "disability", add("a-grade3", testkit.VillageA, hh{})[0], "听力", 3, ymd(2015, 3, 1))
		feed(t, db, "disability", add("c-grade3", testkit.VillageC, hh{}, GroupDisability)[0], "听力", 3, ymd(2015, 3, 1))
		add("a-5", testkit.VillageA, hh{persons: []p{{months: 5}}}, GroupMigrant)
		add("a-7", testkit.VillageA, hh{persons: []p{{months: 7}}})
		feed(t, db, "employment", add("a-jobless", testkit.VillageA, hh{persons: []p{{months: 10}}}, GroupMigrant)[0],
			"失业", "省外", 0, ymd(2026, 10, 1))
		add("b-5", testkit.VillageB, hh{persons: []p{{months: 5}}}, GroupSchooling)
		add("b-7", testkit.VillageB, hh{persons: []p{{months: 7}}}, GroupSchooling, GroupMigrant)
		feed(t, db, "employment", add("b-jobless", testkit.VillageB, hh{persons: []p{{months: 10}}}, GroupSchooling)[0],
			"失业", "省外", 0, ymd(2026, 10, 1))
		add("b-none", testkit.VillageB, hh{}, GroupSchooling)
		add("a-none", testkit.VillageA, hh{})
		add("a-5000", testkit.VillageA, hh{incomes: map[int]int64{2025: 5000}}, GroupLowIncome)
		add("c-5000", testkit.VillageC, hh{incomes: map[int]int64{2025: 5000}})

		for _, scope := range []store.Scope{store.MustScope(testkit.County), store.MustScope(testkit.Township), store.MustScope(testkit.VillageC)} {
			got := list(t, db, scope, Filter{})
			for code, e := range got {
				if !slices.Equal(codes(e), want[code]) {
					t.Errorf("%v %s: reasons %v, want %v", scope, code, codes(e), want[code])
				}
			}
			for code := range want {
				if _, ok := got[code]; !ok && scope.Contains(map[byte]string{'a': testkit.VillageA, 'b': testkit.VillageB, 'c': testkit.VillageC}[code[0]]) {
					t.Errorf("%v: %s is not on the list", scope, code)
				}
			}
		}
	})
}
