package stats

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// Households of the re-import scenario, first imported on 2026-03-10:
//
//	A: H1 脱贫户 (1, 2, 3 chronic), H2 一般农户 (4, 5), H3 脱贫户 (6, 7 major),
//	   monitored since 202401
//	B: H4 一般农户 (8), H5 脱贫户 (9, 10 chronic)
//
// and imported again on 2026-06-15: 3 has left H1, 11 (major) has joined
// H2, H3 has moved to B, H4 has become 脱贫户 and 10 has moved from H5 to H4.
var (
	monitored202401 = [6]string{"边缘易致贫户", "202401", "否"}
	firstFile       = []hhRow{
		{villageA, "H1", "脱贫户", []member{{1, "", ""}, {2, "", ""}, {3, "长期慢性病", ""}}, [6]string{}},
		{villageA, "H2", "一般农户", []member{{4, "", ""}, {5, "", ""}}, [6]string{}},
		{villageA, "H3", "脱贫户", []member{{6, "", ""}, {7, "患有大病", ""}}, monitored202401},
		{villageB, "H4", "一般农户", []member{{8, "", ""}}, [6]string{}},
		{villageB, "H5", "脱贫户", []member{{9, "", ""}, {10, "长期慢性病", ""}}, [6]string{}},
	}
	secondFile = []hhRow{
		{villageA, "H1", "脱贫户", []member{{1, "", ""}, {2, "", ""}}, [6]string{}},
		{villageA, "H2", "一般农户", []member{{4, "", ""}, {5, "", ""}, {11, "患有大病", ""}}, [6]string{}},
		{villageB, "H3", "脱贫户", []member{{6, "", ""}, {7, "患有大病", ""}}, monitored202401},
		{villageB, "H4", "脱贫户", []member{{8, "", ""}, {10, "长期慢性病", ""}}, [6]string{}},
		{villageB, "H5", "脱贫户", []member{{9, "", ""}}, [6]string{}},
	}
)

// TestHistoryReimport: members who leave, join or move, a household that
// moves village and one that changes type count as they were before the
// re-import's day and as they are from it on, in every region; the data of
// the first import counts from always.
func TestHistoryReimport(t *testing.T) {
	before := map[string]registryFigures{
		city:     {5, 3, 2, 10, 7, 2, 1, 3},
		villageA: {3, 2, 1, 7, 5, 1, 1, 2},
		villageB: {2, 1, 1, 3, 2, 1, 0, 1},
	}
	after := map[string]registryFigures{
		city:     {5, 4, 1, 10, 7, 1, 1, 2},
		villageA: {2, 1, 1, 5, 2, 0, 0, 0},
		villageB: {3, 3, 0, 5, 5, 1, 1, 2},
	}
	// H3 (2 persons) is monitored since 202401, in A until 2026-06-14, in B after
	monBefore := map[string]Count{city: {1, 2}, villageA: {1, 2}, villageB: {}}
	monAfter := map[string]Count{city: {1, 2}, villageA: {}, villageB: {1, 2}}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		historyRegionsFixture(t, db)
		importOn(t, db, "2026-03-10", firstFile)
		check := func(day string, want map[string]registryFigures, mon map[string]Count) {
			t.Helper()
			for code, w := range want {
				o := overviewOn(t, db, code, day)
				if got := registryOf(o); got != w {
					t.Errorf("%s as of %s: registry %+v, want %+v", code, day, got, w)
				}
				if o.Monitoring.Cumulative != mon[code] {
					t.Errorf("%s as of %s: cumulative %+v, want %+v", code, day, o.Monitoring.Cumulative, mon[code])
				}
			}
		}
		monNone := map[string]Count{}
		check("2023-06-30", before, monNone) // before H3's identification
		check("2026-06-14", before, monBefore)
		res := importOn(t, db, "2026-06-15", secondFile)
		if res.PersonsLeft != 1 || res.PersonsInserted != 1 {
			t.Fatalf("re-import: %+v", res)
		}
		for _, day := range []string{"2023-06-30", "2025-01-01", "2026-03-09", "2026-06-14"} {
			mon := monBefore
			if day == "2023-06-30" {
				mon = monNone
			}
			check(day, before, mon)
		}
		for _, day := range []string{"2026-06-15", "2026-07-01", "2026-11-28"} {
			check(day, after, monAfter)
		}
		// the share of 脱贫户 with illness follows
		if o := overviewOn(t, db, city, "2026-06-14"); o.Illness.HouseholdShare != 1 {
			t.Errorf("share before: %v", o.Illness.HouseholdShare)
		}
		if o := overviewOn(t, db, city, "2026-06-15"); o.Illness.HouseholdShare != 0.5 {
			t.Errorf("share after: %v", o.Illness.HouseholdShare)
		}
		// importing the second file again changes nothing, on any day
		importOn(t, db, "2026-08-01", secondFile)
		check("2026-06-14", before, monBefore)
		check("2026-08-01", after, monAfter)
	})
}

// TestHistoryMonitoringCycles follows a household through identification
// (202401), elimination (202506), re-marking under another category (202602)
// and elimination again (202609), each learnt from an import: as of a day
// between two steps the figures are those of the state then.
func TestHistoryMonitoringCycles(t *testing.T) {
	members := []member{{1, "", ""}, {2, "", ""}, {3, "", ""}}
	files := []struct {
		day string
		mon [6]string
	}{
		{"2025-01-10", [6]string{"脱贫不稳定户", "202401", "否"}},
		{"2025-06-10", [6]string{"脱贫不稳定户", "202401", "是", "帮扶消除", "202506"}},
		{"2026-02-10", [6]string{"突发严重困难户", "202401", "否"}}, // re-marked in the import's month
		{"2026-09-10", [6]string{"突发严重困难户", "202401", "是", "自然消除", "202609"}},
	}
	type want struct {
		cumulative, identified, remarked, eliminated int
		category                                     string
	}
	wants := map[string]want{
		"2023-12-31": {},
		"2024-03-31": {1, 1, 0, 0, "脱贫不稳定户"},
		"2025-05-31": {1, 0, 0, 0, "脱贫不稳定户"},
		"2025-06-01": {1, 0, 0, 1, "脱贫不稳定户"},
		"2025-12-31": {1, 0, 0, 1, "脱贫不稳定户"},
		"2026-01-31": {1, 0, 0, 1, "脱贫不稳定户"},
		"2026-02-01": {1, 0, 1, 0, "突发严重困难户"},
		"2026-08-31": {1, 0, 1, 0, "突发严重困难户"},
		"2026-09-01": {1, 0, 1, 1, "突发严重困难户"},
		"2026-11-28": {1, 0, 1, 1, "突发严重困难户"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		historyRegionsFixture(t, db)
		for _, f := range files {
			importOn(t, db, f.day, []hhRow{{villageA, "H7", "脱贫户", members, f.mon}})
		}
		for day, w := range wants {
			m := overviewOn(t, db, villageA, day).Monitoring
			c := func(n int) Count { return Count{n, 3 * n} }
			if m.Cumulative != c(w.cumulative) || m.IdentifiedThisYear != c(w.identified) ||
				m.RemarkedThisYear != c(w.remarked) || m.Eliminated != c(w.eliminated) {
				t.Errorf("as of %s: cumulative %v identified %v remarked %v eliminated %v, want %+v", day,
					m.Cumulative, m.IdentifiedThisYear, m.RemarkedThisYear, m.Eliminated, w)
			}
			for cat, n := range m.ByCategory {
				if want := c(map[bool]int{true: w.cumulative}[cat == w.category]); n != want {
					t.Errorf("as of %s: %s %v, want %v", day, cat, n, want)
				}
			}
		}
	})
}

// TestHistoryMergeAndRename: village A2 is merged into A from 2026-04-01,
// recorded after a member joined A2's household on 2026-05-10; A is renamed
// from 2026-04-01. Figures of A2 before the merge still count its household,
// those of A from the merge day on count it there, the township's never
// change, and each region carries its name of the day.
func TestHistoryMergeAndRename(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h1 := hhRow{villageA, "H1", "脱贫户", []member{{1, "", ""}}, [6]string{}}
		h8 := hhRow{villageA2, "H8", "一般农户", []member{{8, "", ""}}, [6]string{"边缘易致贫户", "202501", "否"}}
		historyRegionsFixture(t, db)
		importOn(t, db, "2026-03-10", []hhRow{h1, h8})
		h8.members = append(h8.members, member{9, "", ""})
		importOn(t, db, "2026-05-10", []hhRow{h1, h8})
		ctx = audit.WithActor(ctx, audit.Actor{Username: "cli:test", Role: "system"})
		res, err := registry.MergeVillage(ctx, db, villageA2, villageA, civil.FromYMD(2026, 4, 1))
		if err != nil || res != (registry.MergeResult{Households: 1, Persons: 2}) {
			t.Fatalf("merge: %+v, %v", res, err)
		}
		type figures struct{ households, persons, monitored int }
		of := func(code, day string) figures {
			o := overviewOn(t, db, code, day)
			return figures{o.Households.Total, o.Persons.Total, o.Monitoring.Cumulative.Households}
		}
		for _, c := range []struct {
			code, day string
			want      figures
		}{
			{villageA2, "2026-03-31", figures{1, 1, 1}},
			{villageA, "2026-03-31", figures{1, 1, 0}},
			{villageA2, "2026-04-01", figures{}},
			{villageA, "2026-04-01", figures{2, 2, 1}},
			{villageA, "2026-05-09", figures{2, 2, 1}},
			{villageA, "2026-05-10", figures{2, 3, 1}},
			{villageA2, "2026-05-10", figures{}},
			{township, "2026-03-31", figures{2, 2, 1}},
			{township, "2026-05-10", figures{2, 3, 1}},
		} {
			if got := of(c.code, c.day); got != c.want {
				t.Errorf("%s as of %s: %+v, want %+v", c.code, c.day, got, c.want)
			}
		}
		kids := func(day string) (names []string) {
			rs, err := region.ChildrenAt(ctx, db.Reader(), township, day)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				names = append(names, r.Name)
			}
			return names
		}
		if got := kids("2026-03-31"); !slices.Equal(got, []string{"北海子村", "金川西村"}) {
			t.Errorf("villages before the merge: %v", got)
		}
		// renamed from the merge day
		renamed := "code,name,level,parent_code\n620321100201,北海子新村,5,620321100000\n"
		if r, err := region.ImportReaderOn(ctx, db, strings.NewReader(renamed), civil.FromYMD(2026, 4, 1)); err != nil || r.Renamed != 1 {
			t.Fatalf("rename: %+v, %v", r, err)
		}
		if got := kids("2026-04-01"); !slices.Equal(got, []string{"北海子新村"}) {
			t.Errorf("villages after the merge: %v", got)
		}
		for day, want := range map[string]string{"2026-03-31": "北海子村", "2026-04-01": "北海子新村", "2026-11-28": "北海子新村"} {
			if o := overviewOn(t, db, villageA, day); o.Region.Name != want {
				t.Errorf("name as of %s: %s, want %s", day, o.Region.Name, want)
			}
		}
		// a rename dated before the one recorded is refused
		again := "code,name,level,parent_code\n620321100201,北海子东村,5,620321100000\n"
		if _, err := region.ImportReaderOn(ctx, db, strings.NewReader(again), civil.FromYMD(2026, 3, 1)); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("rename before the last one: %v", err)
		}
		// the merge is audited, happens once, and the old village takes no new households
		if n := testkit.Int(t, db, `SELECT count(*) FROM audit_log WHERE action = 'region.merge'
			AND entity_id = ? AND region_code = ?`, villageA2, villageA); n != 1 {
			t.Errorf("audit entries: %d", n)
		}
		for _, c := range []struct {
			code, into string
			want       error
		}{
			{villageA2, villageA, fault.ErrConflict},
			{villageB, villageA2, fault.ErrConflict},
			{villageA, villageA, fault.ErrInvalid},
			{township, villageA, fault.ErrInvalid},
			{"620321100299", villageA, fault.ErrNotFound},
		} {
			if _, err := registry.MergeVillage(ctx, db, c.code, c.into, civil.FromYMD(2026, 6, 1)); !errors.Is(err, c.want) {
				t.Errorf("merge %s into %s: %v, want %v", c.code, c.into, err, c.want)
			}
		}
		if _, err := registry.MergeVillage(ctx, db, villageB, villageA, civil.Today().AddDays(1)); !errors.Is(err, fault.ErrInvalid) {
			t.Errorf("merge tomorrow: %v", err)
		}
		if res, err := tryImport(t, db, "2026-07-01", []hhRow{h8}); err == nil || len(res.Issues) == 0 ||
			!strings.Contains(res.Issues[0].String(), "已于2026-04-01并入620321100201") {
			t.Errorf("import into the merged village: %v %v", err, res.Issues)
		}
	})
}

// TestScopeOverviewAsOf: a household counts, on a past day, in the village
// it belonged to that day and nowhere else, also for a caller scoped to one
// village; another village's figures stay out of reach.
func TestScopeOverviewAsOf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		historyRegionsFixture(t, db)
		importOn(t, db, "2026-03-10", firstFile)
		importOn(t, db, "2026-06-15", secondFile)
		a, b := store.MustScope(villageA), store.MustScope(villageB)
		codes := func(s store.Scope, day string) []int64 {
			hs, err := MonitoredAt(ctx, db.Reader(), s, date(day))
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, h := range hs {
				ids = append(ids, h.ID)
			}
			return ids
		}
		if len(codes(a, "2026-06-14")) != 1 || len(codes(b, "2026-06-14")) != 0 ||
			len(codes(a, "2026-06-15")) != 0 || len(codes(b, "2026-06-15")) != 1 {
			t.Errorf("H3 on the day before and on the day of its move: A %v %v, B %v %v", codes(a, "2026-06-14"),
				codes(a, "2026-06-15"), codes(b, "2026-06-14"), codes(b, "2026-06-15"))
		}
		o, err := Compute(ctx, db, a, villageA, date("2026-06-14"))
		if err != nil || registryOf(o) != (registryFigures{3, 2, 1, 7, 5, 1, 1, 2}) {
			t.Errorf("village A before the move, in its own scope: %+v %v", o, err)
		}
		o, err = Compute(ctx, db, a, villageA, time.Now())
		if err != nil || registryOf(o) != (registryFigures{2, 1, 1, 5, 2, 0, 0, 0}) || o.Monitoring.Cumulative != (Count{}) {
			t.Errorf("village A today, in its own scope: %+v %v", o, err)
		}
		if _, err := Compute(ctx, db, a, villageB, date("2026-06-14")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("village B in A's scope: %v", err)
		}
	})
}

// TestStateAtCaseworkCycle walks the monitoring states casework records
// (enrolment, elimination, rollback, elimination, re-marking, elimination)
// and checks which one describes each month: the rollback cancels the
// elimination it undoes from that elimination's month on.
func TestStateAtCaseworkCycle(t *testing.T) {
	type rec struct {
		month int // recorded in
		row   Row
	}
	cat := "脱贫不稳定户"
	states := []rec{
		{202603, Row{Category: cat, IdentifiedMonth: 202603}},                                                                   // enrolled
		{202609, Row{Category: cat, IdentifiedMonth: 202603, Eliminated: true, EliminatedMonth: 202609}},                        // eliminated
		{202610, Row{Category: cat, IdentifiedMonth: 202603}},                                                                   // rolled back
		{202611, Row{Category: cat, IdentifiedMonth: 202603, Eliminated: true, EliminatedMonth: 202611}},                        // eliminated again
		{202702, Row{Category: cat, IdentifiedMonth: 202603, EliminatedMonth: 202611, RemarkedMonth: 202702}},                   // re-marked
		{202705, Row{Category: cat, IdentifiedMonth: 202603, Eliminated: true, EliminatedMonth: 202705, RemarkedMonth: 202702}}, // eliminated
	}
	var snaps []snapshot
	for i, s := range states {
		sn := snapshot{Row: s.row}
		if i > 0 {
			sn.from = effectiveMonth(states[i-1].row, s.row, s.month)
		}
		snaps = append(snaps, sn)
	}
	for month, want := range map[int]int{ // month → index of the state describing it
		202602: 0, 202603: 0, 202608: 0, 202609: 2, 202610: 2, 202611: 3, 202701: 3, 202702: 4, 202704: 4, 202705: 5,
	} {
		if got := stateAt(snaps, month); got.Row != states[want].row {
			t.Errorf("%d: state %+v, want state %d", month, got.Row, want)
		}
	}
	// recorded later than the month it gives: an import learning in 202612 of an elimination in 202609
	if m := effectiveMonth(states[0].row, states[1].row, 202612); m != 202609 {
		t.Errorf("elimination learnt later holds from %d", m)
	}
	// a change of category alone holds from the month it is recorded in
	changed := states[0].row
	changed.Category = "边缘易致贫户"
	if m := effectiveMonth(states[0].row, changed, 202607); m != 202607 {
		t.Errorf("category change holds from %d", m)
	}
}
