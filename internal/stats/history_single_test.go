package stats

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"fangpin/internal/regcode"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

// singleFile is a file of 90 households of every kind, generated from a
// fixed seed: types, illnesses, labour, and monitoring columns never
// monitored, monitored, eliminated, or eliminated and re-marked, with months
// from 2020 to November 2026.
func singleFile() []hhRow {
	rng := rand.New(rand.NewPCG(7, 12))
	villages := []string{villageA, villageA, villageA2, villageB}
	healths := []string{"", "", "", "长期慢性病", "患有大病", "患有大病,长期慢性病", "残疾"}
	skills := []string{"普通劳动力", "无劳动力", "", "技能劳动力"}
	month := func(from int) int { // a month from `from` to 202611
		first := from/100*12 + from%100 - 1
		return addMonths(from, rng.IntN(202611/100*12+10-first+1))
	}
	var out []hhRow
	n := 0
	for i := range 90 {
		h := hhRow{village: villages[rng.IntN(len(villages))], code: fmt.Sprintf("S%02d", i), typ: "一般农户"}
		if rng.IntN(2) == 0 {
			h.typ = "脱贫户"
		}
		for range 1 + rng.IntN(5) {
			n++
			h.members = append(h.members, member{n, healths[rng.IntN(len(healths))], skills[rng.IntN(len(skills))]})
		}
		cat := registry.Categories[rng.IntN(len(registry.Categories))]
		ident := month(202001)
		switch k := rng.IntN(10); {
		case k < 4: // never monitored
		case k < 7:
			h.mon = [6]string{cat, fmt.Sprint(ident), "否"}
		case k < 9:
			h.mon = [6]string{cat, fmt.Sprint(ident), "是", "帮扶消除", fmt.Sprint(month(ident))}
		default:
			e := min(addMonths(ident, rng.IntN(12)), 202610)
			r := min(addMonths(e, 1+rng.IntN(12)), 202611)
			h.mon = [6]string{cat, fmt.Sprint(ident), "否", "", fmt.Sprint(e), fmt.Sprint(r)}
		}
		out = append(out, h)
	}
	return out
}

// expected restates docs/figures.md over the file for a region (a code
// prefix) and a day, for data without history: every household and member
// counts on every day; the monitoring figures follow the months.
func expected(file []hhRow, prefix string, asOf time.Time) Overview {
	var o Overview
	o.Monitoring.ByCategory = map[string]Count{}
	for _, c := range registry.Categories {
		o.Monitoring.ByCategory[c] = Count{}
	}
	m := asOf.Year()*100 + int(asOf.Month())
	jan := asOf.Year()*100 + 1
	num := func(s string) int {
		var v int
		fmt.Sscan(s, &v)
		return v
	}
	for _, h := range file {
		if !strings.HasPrefix(h.village, prefix) {
			continue
		}
		n := len(h.members)
		o.Households.Total++
		o.Persons.Total += n
		ill, labour := false, false
		for _, p := range h.members {
			labour = labour || p.skill == "普通劳动力" || p.skill == "技能劳动力"
			if h.typ != "脱贫户" {
				continue
			}
			switch {
			case strings.Contains(p.health, "患有大病"):
				o.Illness.Major++
				ill = true
			case strings.Contains(p.health, "长期慢性病"):
				o.Illness.Chronic++
				ill = true
			}
		}
		if h.typ == "脱贫户" {
			o.Households.FormerlyPoor++
			o.Persons.FormerlyPoor += n
			if ill {
				o.Illness.Households++
			}
		} else {
			o.Households.Ordinary++
		}
		ident, elimNow, elim, remark := num(h.mon[1]), h.mon[2] == "是", num(h.mon[4]), num(h.mon[5])
		standing := elim != 0 && elim <= m && (elimNow || remark > m)
		if h.typ == "脱贫户" || ident != 0 && ident <= m && !standing {
			// without feed rows: the low-income persons and the households a
			// family doctor should have signed, none of them covered
			o.Sectors.Medical.LowIncomePersons += n
			o.Sectors.Medical.DoctorHouseholdsTotal++
		}
		if ident == 0 || ident > m {
			continue
		}
		add := func(c *Count) { c.Households++; c.Persons += n }
		add(&o.Monitoring.Cumulative)
		c := o.Monitoring.ByCategory[h.mon[0]]
		add(&c)
		o.Monitoring.ByCategory[h.mon[0]] = c
		if ident >= jan {
			add(&o.Monitoring.IdentifiedThisYear)
		}
		if remark >= jan && remark <= m {
			add(&o.Monitoring.RemarkedThisYear)
		}
		if standing {
			add(&o.Monitoring.Eliminated)
		}
		deadline := time.Date(ident/100, time.Month(ident%100), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
		if !standing && labour && asOf.After(deadline) {
			add(&o.Monitoring.NoDevelopmentMeasure)
		}
	}
	o.Illness.PersonsIll = o.Illness.Chronic + o.Illness.Major
	if o.Households.FormerlyPoor > 0 {
		o.Illness.HouseholdShare = float64(o.Illness.Households) / float64(o.Households.FormerlyPoor)
	}
	return o
}

// TestHistorySingleImport: after one import, the overview of every region
// as of every day, past or present, is what the definitions give from the
// file's columns alone (the figures fangpin gave before it kept history).
func TestHistorySingleImport(t *testing.T) {
	file := singleFile()
	days := []string{"2019-12-31", "2020-06-15", "2022-01-01", "2023-12-31", "2024-02-29", "2025-06-30",
		"2025-12-31", "2026-01-01", "2026-06-30", "2026-10-31", "2026-11-01", "2026-11-28"}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		historyRegionsFixture(t, db)
		importOn(t, db, "2026-11-28", file)
		for _, code := range []string{city, township, villageA, villageA2, villageB} {
			prefix, _ := regcode.Prefix(code)
			for _, day := range days {
				got := overviewOn(t, db, code, day)
				want := expected(file, prefix, date(day))
				want.Region, want.AsOf, want.SelfReports = got.Region, day, SelfReports{}
				// the file has no business entities; their region counts are entity's tests'
				if e := got.Sectors.Entities; e.Entities != 0 || e.HouseholdsLinked != 0 || e.Villages != 0 {
					t.Errorf("%s as of %s: entities from nowhere: %+v", code, day, e)
				}
				want.Sectors.Entities = got.Sectors.Entities
				if fmt.Sprint(*got) != fmt.Sprint(want) {
					t.Errorf("%s as of %s:\n got %+v\nwant %+v", code, day, *got, want)
				}
			}
		}
	})
}

// addMonths adds n months to a YYYYMM month.
func addMonths(ym, n int) int {
	m := ym/100*12 + ym%100 - 1 + n
	return m/12*100 + m%12 + 1
}
