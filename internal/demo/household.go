package demo

import (
	"math"
	"strconv"
)

// household is one household being generated; its slices are reused.
type household struct {
	village village
	code    string
	poor    bool
	plan    *plan // nil when never monitored
	members []person
	family  string // surname of the head's children
	ethnic  string
	phone   string
	income  string
	dibao   bool
	tekun   bool
	risks   []string
}

func (h *household) reset(v village, poor bool, p *plan) {
	*h = household{village: v, poor: poor, plan: p, members: h.members[:0], risks: h.risks[:0]}
}

// any reports whether some member satisfies f.
func (h *household) any(f func(*person) bool) bool {
	for i := range h.members {
		if f(&h.members[i]) {
			return true
		}
	}
	return false
}

// assignBenefits: 特困 only for some old people living alone; 低保 mostly
// for formerly-poor and monitored households.
func (g *generator) assignBenefits(h *household) {
	head := &h.members[0]
	h.tekun = len(h.members) == 1 && head.age >= 60 && g.chance(0.1)
	p := 0.015
	switch {
	case h.plan != nil:
		p = 0.35
	case h.poor:
		p = 0.12
	}
	h.dibao = !h.tekun && g.chance(p)
}

// income draws the household's 人均纯收入 in yuan: log-normal around the
// type's median, monitored households near the monitoring range. A few
// households have none recorded.
func (g *generator) income(h *household) string {
	median, sigma := 18000.0, 0.35
	switch {
	case h.plan == nil && g.chance(0.005):
		return ""
	case h.plan != nil && h.plan.eliminated:
		median, sigma = 10500, 0.12
	case h.plan != nil && h.plan.category == catSudden:
		median, sigma = 11000, 0.2
	case h.plan != nil:
		median, sigma = 8300, 0.15
	case h.poor:
		median, sigma = 14000, 0.3
	}
	fen := int64(math.Round(100 * max(2000, median*math.Exp(sigma*g.r.NormFloat64()))))
	if g.chance(0.4) {
		return strconv.FormatInt(fen/100, 10)
	}
	cents := strconv.FormatInt(100+fen%100, 10)[1:]
	return strconv.FormatInt(fen/100, 10) + "." + cents
}

// assignRisks gives a monitored household one to three risk types that fit
// its members.
func (g *generator) assignRisks(h *household) {
	if h.plan == nil {
		return
	}
	ws := riskWeights(h)
	n := pick(g.r, []weighted[int]{{1, 0.55}, {2, 0.35}, {3, 0.10}})
	for len(h.risks) < n && len(ws) > 0 {
		i := pickIndex(g.r, ws)
		h.risks = append(h.risks, ws[i].v)
		ws = append(ws[:i], ws[i+1:]...)
	}
}

// riskWeights lists the risk types possible for h: 因病 most often.
func riskWeights(h *household) []weighted[string] {
	ws := []weighted[string]{{"因意外事故", 7}, {"因自然灾害", 4}, {"因产业失败", 3}, {"其他", 2}}
	add := func(ok bool, risk string, w float64) {
		if ok {
			ws = append(ws, weighted[string]{risk, w})
		}
	}
	add(h.any(func(p *person) bool { return p.chronic || p.major }), "因病", 50)
	add(h.any(func(p *person) bool { return p.disabled }), "因残", 30)
	add(h.any(func(p *person) bool { return p.costlySchool() }), "因学", 40)
	add(!h.any(func(p *person) bool { return p.costlySchool() }) && h.any(func(p *person) bool { return p.inSchool() }), "因学", 15)
	add(h.any(func(p *person) bool { return p.months != "" && p.months != "0" }), "因务工就业不稳", 9)
	add(!h.any(func(p *person) bool { return p.ableBodied() }), "因缺劳动力", 6)
	return ws
}
