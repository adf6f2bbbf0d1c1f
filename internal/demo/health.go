package demo

import "strings"

// healthRates are the chances that shape a household's health.
type healthRates struct {
	household float64 // some member has a chronic or major illness
	major     float64 // an ill person's illness is major
	disabled  float64 // a person is disabled (before the age factor)
}

// The report: 2,660 of 10,232 formerly-poor persons ill (88 major), in 2,024
// of 3,499 households (57.8%); ordinary households are healthier and
// monitored ones much less healthy.
var (
	poorHealth      = healthRates{household: 0.568, major: 0.033, disabled: 0.042}
	ordinaryHealth  = healthRates{household: 0.30, major: 0.04, disabled: 0.03}
	monitoredHealth = healthRates{household: 0.85, major: 0.10, disabled: 0.08}
)

// illCounts is how many members of an affected household are ill (mean ≈ 1.3),
// so illness spreads over many households rather than piling up in few.
var illCounts = []weighted[int]{{1, 0.68}, {2, 0.28}, {3, 0.04}}

// assignHealth marks ill and disabled members and writes 健康状况.
func (g *generator) assignHealth(h *household) {
	rates := ordinaryHealth
	switch {
	case h.plan != nil:
		rates = monitoredHealth
	case h.poor:
		rates = poorHealth
	}
	if g.chance(rates.household) {
		g.makeIll(h, rates.major)
	}
	for i := range h.members {
		p := &h.members[i]
		p.disabled = g.chance(rates.disabled * ageFactor(p.age))
	}
	if h.plan != nil && g.chance(0.45) {
		h.members[g.drawMember(h, func(p *person) bool { return !p.disabled })].disabled = true
	}
	for i := range h.members {
		h.members[i].health = g.healthText(&h.members[i])
	}
}

// makeIll makes one to three members ill, older members more likely.
func (g *generator) makeIll(h *household, major float64) {
	n := min(pick(g.r, illCounts), len(h.members))
	for range n {
		p := &h.members[g.drawMember(h, func(p *person) bool { return !p.chronic && !p.major })]
		if g.chance(major) {
			p.major, p.chronic = true, g.chance(0.2)
		} else {
			p.chronic = true
		}
	}
}

// drawMember draws a member for whom ok holds, weighted by age; if none
// qualifies, any member.
func (g *generator) drawMember(h *household, ok func(*person) bool) int {
	var ws [8]weighted[int]
	cand := ws[:0]
	for i := range h.members {
		if ok(&h.members[i]) {
			cand = append(cand, weighted[int]{i, ageFactor(h.members[i].age)})
		}
	}
	if len(cand) == 0 {
		return g.r.IntN(len(h.members))
	}
	return pick(g.r, cand)
}

// ageFactor scales health risks with age.
func ageFactor(age int) float64 {
	switch {
	case age < 18:
		return 0.15
	case age < 45:
		return 0.6
	case age < 60:
		return 1.3
	}
	return 2.2
}

// healthText joins the conditions with one of the separators the national
// system's users type: 、 , or ，.
func (g *generator) healthText(p *person) string {
	var buf [3]string
	parts := buf[:0]
	if p.chronic {
		parts = append(parts, "长期慢性病")
	}
	if p.major {
		parts = append(parts, "患有大病")
	}
	if p.disabled {
		parts = append(parts, "残疾")
	}
	switch {
	case len(parts) == 0:
		return "健康"
	case len(parts) == 1:
		return parts[0]
	}
	return strings.Join(parts, pick(g.r, separators))
}

var separators = []weighted[string]{{"、", 0.6}, {",", 0.3}, {"，", 0.1}}
