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

// The figure keys of the priority groups, in the order of PriorityGroups'
// fields.
const (
	groupFormerlyPoor   = "housing.priority_groups.formerly_poor"
	groupMonitored      = "housing.priority_groups.monitored"
	groupDibao          = "housing.priority_groups.dibao"
	groupTekun          = "housing.priority_groups.tekun"
	groupTekunDispersed = "housing.priority_groups.tekun_dispersed"
	groupOther          = "housing.priority_groups.other"
)

// priorityGroups sorts the checked households (household → type on
// as_of) into their groups: household → the group's figure key.
func (r *sectorRun) priorityGroups(checked map[int64]string, monitored map[int64]bool) (map[int64]string, error) {
	support := map[int64]int{}
	var aid, mode string
	err := r.each("f.aid_type, f.support", "feed_civil f", nil, safetyNetAt, []any{r.day, r.day}, []any{&aid, &mode}, func(hh int64, _, _ string) {
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
		return nil, err
	}
	out := make(map[int64]string, len(checked))
	for hh, typ := range checked {
		s := support[hh]
		switch {
		case typ == registry.TypeFormerlyPoor:
			out[hh] = groupFormerlyPoor
		case monitored[hh]:
			out[hh] = groupMonitored
		case s&hasDibao != 0:
			out[hh] = groupDibao
		case s&hasTekun != 0:
			out[hh] = groupTekun
		case s&hasTekunDispersed != 0:
			out[hh] = groupTekunDispersed
		default:
			out[hh] = groupOther
		}
	}
	return out, nil
}

// retrofitRecords records the households with a retrofit record (table
// retrofits) completed in the period and those records' subsidies, each
// household named by its head (户主 as recorded now, else its first
// person); it raises latest, household → day (YYYYMMDD) of its latest
// retrofit completed on or before as_of, to the records' completion days.
func (r *sectorRun) retrofitRecords(latest map[int64]int64) error {
	type done struct {
		pid, subsidy int64
		village      string
	}
	var completed string
	var pid, subsidy int64
	dones := map[int64]*done{}
	base := `SELECT h.id, h.region_code, h.type, f.completed,
		f.central_fen + f.province_fen + f.city_fen + f.county_fen + f.other_fen,
		COALESCE((SELECT p.id FROM persons p WHERE p.household_id = h.id
			ORDER BY CASE WHEN p.relation = '户主' THEN 0 ELSE 1 END, p.id LIMIT 1), 0) FROM retrofits f
		CROSS JOIN households h WHERE h.id = f.household_id AND f.completed IS NOT NULL AND f.completed <= ? AND `
	err := r.inScope(base, []any{isoDay(r.day)}, []any{&completed, &subsidy, &pid}, func(hh int64, village, _ string) {
		var d int64
		fmt.Sscan(strings.ReplaceAll(completed, "-", ""), &d)
		if d > latest[hh] {
			latest[hh] = d
		}
		if d >= int64(r.jan) {
			if dones[hh] == nil {
				dones[hh] = &done{pid: pid, village: village}
			}
			dones[hh].subsidy += subsidy
		}
	})
	if err != nil {
		return err
	}
	for hh, d := range dones {
		r.add("housing.retrofits_completed", hh, d.pid, d.village, 1)
		r.add("housing.retrofit_subsidy", hh, d.pid, d.village, d.subsidy)
	}
	return nil
}
