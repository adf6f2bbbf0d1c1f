package demo

import (
	"fmt"
	"time"
)

// insuranceContribution is the personal contribution to 城乡居民基本医保 of
// the demo's years (fen).
const insuranceContribution = 40_000

// supportMode is the 供养方式 of a 特困 row: most rural 特困 persons live at
// home (分散供养).
func (f *feeder) supportMode() string {
	if f.r2.Float64() < 0.85 {
		return "分散供养"
	}
	return "集中供养"
}

// sectorRows writes one household's insurance rows (every insured member,
// for AsOf's year, enrolled in the autumn before; the state pays part or
// all of the contribution of the low-income) and its family-doctor
// contract (the head of every 脱贫户, monitored, 低保 or 特困 household,
// signed this year; two in three other households, some lapsed).
func (f *feeder) sectorRows(ms []member) {
	y := f.cfg.AsOf.Year()
	key := false
	for i := range ms {
		m := &ms[i]
		key = key || m.poor || m.planned || m.dibao || m.tekun
		if !m.insured {
			continue
		}
		var sub int64
		switch {
		case m.tekun:
			sub = insuranceContribution
		case m.dibao || m.planned:
			sub = 28_000
		case m.poor:
			sub = 10_000
		}
		enrolled := time.Date(y-1, time.Month(9+f.r2.IntN(4)), 1+f.r2.IntN(28), 0, 0, 0, 0, time.UTC)
		f.write("insurance", m.id, fmt.Sprint(y), "城乡居民基本医保", yuan(insuranceContribution), yuan(sub), enrolled.Format(time.DateOnly))
	}
	for i := range ms {
		m := &ms[i]
		if !m.head {
			continue
		}
		team := fmt.Sprintf("乡镇卫生院家庭医生团队%d", 1+f.r2.IntN(4))
		switch {
		case key || f.r2.Float64() < 0.6:
			signed := time.Date(y, time.Month(1+f.r2.IntN(3)), 1+f.r2.IntN(28), 0, 0, 0, 0, time.UTC)
			if signed.After(f.cfg.AsOf) {
				signed = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			f.write("doctor", m.id, signed.Format(time.DateOnly), team, fmt.Sprintf("%d-12-31", y))
		case f.r2.Float64() < 0.3:
			f.write("doctor", m.id, fmt.Sprintf("%d-02-01", y-1), team, fmt.Sprintf("%d-12-31", y-1))
		}
	}
}

// RetrofitKind is the name FeedCSV gives the retrofit ledger (危房改造台账,
// docs/formats.md "Retrofits (危房改造)"): not a department feed, imported
// by package retrofit.
const RetrofitKind = "retrofit"

// retrofit writes the retrofit of a house rated C or D (grade, on day
// rated): most of the low-income households' and a few others', started
// weeks after the rating, completed months later when that is before
// AsOf, and accepted soon after.
func (f *feeder) retrofit(ms []member, head *member, grade, rated string) {
	if grade != "C" && grade != "D" {
		return
	}
	key := false
	for i := range ms {
		key = key || ms[i].poor || ms[i].planned || ms[i].dibao || ms[i].tekun
	}
	if p := f.r2.Float64(); key && p >= 0.8 || !key && p >= 0.2 {
		return
	}
	on, err := time.Parse(time.DateOnly, rated)
	if err != nil {
		return
	}
	kind := "危房改造"
	if grade == "C" && f.r2.Float64() < 0.3 {
		kind = "农房抗震改造"
	}
	started := on.AddDate(0, 0, 20+f.r2.IntN(60))
	if started.After(f.cfg.AsOf) {
		started = f.cfg.AsOf
	}
	var completed, accepted string
	if c := started.AddDate(0, 0, 60+f.r2.IntN(120)); !c.After(f.cfg.AsOf) {
		completed = c.Format(time.DateOnly)
		if a := c.AddDate(0, 0, 5+f.r2.IntN(25)); !a.After(f.cfg.AsOf) {
			accepted = a.Format(time.DateOnly)
		}
	}
	central := int64(1_000_000 + 100_000*f.r2.IntN(6))
	f.write(RetrofitKind, head.id, kind, grade, yuan(central), yuan(central/4), "", yuan(int64(100_000*f.r2.IntN(3))), "",
		started.Format(time.DateOnly), completed, accepted)
}
