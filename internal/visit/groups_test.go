package visit

import (
	"context"
	"slices"
	"testing"

	"fangpin/internal/incomeline"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
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
		if err := incomeline.Set(ctx, db.Writer(), township2, 2025, 800000, "test"); err != nil {
			t.Fatal(err)
		}
		add(hh{code: "c-low", village: villageC, incomes: map[int]int64{2025: 9500}})
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
		warning(t, db, id, villageA, "open")
		in("warned", GroupWarning)
		id, _ = add(hh{code: "warning-done"})
		warning(t, db, id, villageA, "handled")

		// several at once; monitored households are listed for other reasons only
		add(hh{code: "many", monitored: true, incomes: map[int]int64{2025: 3000}, persons: []p{{dibao: true, major: true}}})
		in("many", GroupLowIncome, GroupIllness, GroupDibao)
		add(hh{code: "monitored-only", monitored: true})

		got := list(t, db, store.MustScope(county), Filter{})
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
