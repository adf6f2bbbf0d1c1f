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
