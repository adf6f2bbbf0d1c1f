package stats

import (
	"fmt"
	"strings"

	"fangpin/internal/registry"
)

// PriorityGroups are the households rated in the period (households_checked)
// by the six priority groups of 农村低收入群体等重点对象 (六类重点对象): each in
// the first group that applies, in the order of the fields; they add up to
// households_checked (docs/figures.md).
type PriorityGroups struct {
	FormerlyPoor   int `json:"formerly_poor"`   // 脱贫户
	Monitored      int `json:"monitored"`       // 监测对象
	Dibao          int `json:"dibao"`           // 低保
	Tekun          int `json:"tekun"`           // 特困 (集中供养 or not given)
	TekunDispersed int `json:"tekun_dispersed"` // 分散供养特困
	Other          int `json:"other"`           // 其他困难户: none of the above
}

// Total is the number of households of every group.
func (g PriorityGroups) Total() int {
	return g.FormerlyPoor + g.Monitored + g.Dibao + g.Tekun + g.TekunDispersed + g.Other
}

// civil support of a household's members covering as_of
const (
	hasDibao = 1 << iota
	hasTekun
	hasTekunDispersed
)

// priorityGroups sorts the checked households (household → type on
// as_of) into their groups.
func (r *sectorRun) priorityGroups(o *Sectors, checked map[int64]string, monitored map[int64]bool) error {
	support := map[int64]int{}
	var aid, mode string
	err := r.each("f.aid_type, f.support", "feed_civil f", nil, safetyNetAt, []any{r.day, r.day}, []any{&aid, &mode}, func(hh int64, _ string) {
		switch {
		case aid == "低保":
			support[hh] |= hasDibao
		case mode == "分散供养":
			support[hh] |= hasTekunDispersed
		default:
			support[hh] |= hasTekun
		}
	})
	if err != nil {
		return err
	}
	g := &o.Housing.PriorityGroups
	for hh, typ := range checked {
		s := support[hh]
		switch {
		case typ == registry.TypeFormerlyPoor:
			g.FormerlyPoor++
		case monitored[hh]:
			g.Monitored++
		case s&hasDibao != 0:
			g.Dibao++
		case s&hasTekun != 0:
			g.Tekun++
		case s&hasTekunDispersed != 0:
			g.TekunDispersed++
		default:
			g.Other++
		}
	}
	return nil
}

// retrofitRecords counts the households with a retrofit record (table
// retrofits) completed in the period and sums those records' subsidies; it
// raises latest, household → day (YYYYMMDD) of its latest retrofit
// completed on or before as_of, to the records' completion days.
func (r *sectorRun) retrofitRecords(o *Sectors, latest map[int64]int64) error {
	done := map[int64]bool{}
	var completed string
	var subsidy int64
	base := `SELECT h.id, h.region_code, h.type, f.completed,
		f.central_fen + f.province_fen + f.city_fen + f.county_fen + f.other_fen FROM retrofits f
		CROSS JOIN households h WHERE h.id = f.household_id AND f.completed IS NOT NULL AND f.completed <= ? AND `
	err := r.inScope(base, []any{isoDay(r.day)}, []any{&completed, &subsidy}, func(hh int64, _ string) {
		var d int64
		fmt.Sscan(strings.ReplaceAll(completed, "-", ""), &d)
		if d > latest[hh] {
			latest[hh] = d
		}
		if d >= int64(r.jan) {
			done[hh] = true
			o.Housing.RetrofitSubsidy += subsidy
		}
	})
	o.Housing.RetrofitsCompleted = len(done)
	return err
}
