package demo

import (
	"math/rand/v2"
	"strconv"
)

// generator holds the state of one Generate run.
type generator struct {
	cfg     Config
	r       *rand.Rand
	emit    func([]string) error
	ids     idSet
	plans   map[planKey]*plan
	serials map[string]int // last 户编号 serial per county
	sum     Summary
	hh      household // reused for every household
	row     []string  // reused for every row when not nil
}

func newGenerator(cfg Config, emit func([]string) error) *generator {
	return &generator{
		cfg:     cfg,
		r:       rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		emit:    emit,
		ids:     make(idSet, expectedPersons(cfg.Scale)),
		serials: map[string]int{},
	}
}

// expectedPersons sizes the ID set so that it never grows by rehashing.
func expectedPersons(scale int) int {
	return scaled(3*(poorHouseholds+ordinaryHouseholds)+poorHouseholds/10, scale) * 21 / 20
}

// run places every household in a village and emits it.
func (g *generator) run(vs []village) error {
	poor := scaled(poorHouseholds, g.cfg.Scale)
	ordinary := scaled(ordinaryHouseholds, g.cfg.Scale)
	quotas := allocate(g.r, len(vs), poor, ordinary)
	g.plans = planMonitoring(g.r, g.cfg, poor, ordinary)
	next := quota{poor: 0, ordinary: poor} // next planKey of each type
	for i, v := range vs {
		if err := g.village(v, quotas[i], &next); err != nil {
			return err
		}
	}
	return nil
}

// village emits the village's households, the two types interleaved at random.
func (g *generator) village(v village, q quota, next *quota) error {
	for q.poor+q.ordinary > 0 {
		isPoor := g.r.IntN(q.poor+q.ordinary) < q.poor
		var key planKey
		if isPoor {
			key, next.poor, q.poor = planKey(next.poor), next.poor+1, q.poor-1
		} else {
			key, next.ordinary, q.ordinary = planKey(next.ordinary), next.ordinary+1, q.ordinary-1
		}
		if err := g.household(v, isPoor, g.plans[key]); err != nil {
			return err
		}
	}
	return nil
}

// household builds one household and emits its rows.
func (g *generator) household(v village, poor bool, p *plan) error {
	h := &g.hh
	h.reset(v, poor, p)
	h.code = g.householdCode(v.county)
	g.compose(h)
	g.assignHealth(h)
	g.assignBenefits(h)
	h.phone = g.mobile()
	for i := range h.members {
		g.describe(h, &h.members[i])
	}
	h.income = g.income(h)
	g.assignRisks(h)
	g.count(h)
	return g.emitRows(h)
}

// householdCode is the county's 6 digits and an 8-digit serial.
func (g *generator) householdCode(county string) string {
	g.serials[county]++
	s := strconv.Itoa(g.serials[county])
	return county + "00000000"[len(s):] + s
}

// count adds the household to the summary.
func (g *generator) count(h *household) {
	n := len(h.members)
	g.sum.Households++
	g.sum.Persons += n
	if h.poor {
		g.sum.FormerlyPoorHouseholds++
		g.sum.FormerlyPoorPersons += n
	}
	if h.plan == nil {
		return
	}
	g.sum.Monitored++
	if h.plan.eliminated {
		g.sum.Eliminated++
	}
	if h.plan.remark != 0 {
		g.sum.Remarked++
	}
}

// chance is true with probability p.
func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// between draws an int in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// pick draws from weighted values.
func pick[T any](r *rand.Rand, ws []weighted[T]) T { return ws[pickIndex(r, ws)].v }

// pickIndex draws the index of a weighted value.
func pickIndex[T any](r *rand.Rand, ws []weighted[T]) int {
	total := 0.0
	for _, w := range ws {
		total += w.w
	}
	x := r.Float64() * total
	for i, w := range ws {
		if x < w.w {
			return i
		}
		x -= w.w
	}
	return len(ws) - 1
}

// weighted is a value with its relative weight.
type weighted[T any] struct {
	v T
	w float64
}
