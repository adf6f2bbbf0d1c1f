package demo

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Figures of the founding report at Scale 1 (全市, 截至目前).
const (
	poorHouseholds     = 3499  // 脱贫户
	ordinaryHouseholds = 10500 // about three times as many 一般农户
	monitoredTotal     = 168   // 累计纳入监测对象
	identifiedThisYear = 144   // 新识别纳入监测对象
	eliminatedTotal    = 9     // 已消除风险
	remarkedThisYear   = 2     // 重新标注风险
	firstMonitoredYear = 2021  // monitoring history starts here
)

// Monitoring categories (监测对象类别).
const (
	catUnstable = "脱贫不稳定户"
	catMarginal = "边缘易致贫户"
	catSudden   = "突发严重困难户"
)

// month counts months since year 0: year*12 + month-1; 0 means none.
type month int

func monthOf(t time.Time) month { return month(t.Year()*12 + int(t.Month()) - 1) }

// String formats m as YYYYMM, or "" for none.
func (m month) String() string {
	if m == 0 {
		return ""
	}
	y, mm := int(m)/12, int(m)%12+1
	s := strconv.Itoa(y*100 + mm)
	for len(s) < 6 {
		s = "0" + s
	}
	return s
}

// plan is the monitoring history of one household.
type plan struct {
	category   string
	ident      month // 识别监测时间
	elim       month // 消除监测时间 (kept after re-marking)
	remark     month // 重新标注风险时间
	mode       string
	eliminated bool // 风险是否已消除 now
}

// planKey numbers households: formerly-poor ones 0..poor-1 in the order they
// are generated, ordinary ones from poor on.
type planKey int

// scaled multiplies a Scale-1 figure.
func scaled(n, scale int) int { return int(math.Round(float64(n) * float64(scale))) }

// planMonitoring picks the monitored households and their histories.
func planMonitoring(r *rand.Rand, cfg Config, poor, ordinary int) map[planKey]*plan {
	total := scaled(monitoredTotal, cfg.Scale)
	thisYear := scaled(identifiedThisYear, cfg.Scale)
	elim := scaled(eliminatedTotal, cfg.Scale)
	remark := scaled(remarkedThisYear, cfg.Scale)
	plans := make(map[planKey]*plan, total)
	mc := monthClock{r: r, start: month(firstMonitoredYear * 12), jan: month(cfg.Year * 12), asOf: monthOf(cfg.AsOf)}
	for k := range total {
		p := &plan{category: drawCategory(r)}
		switch {
		case k < thisYear:
			p.ident = mc.between(mc.jan, mc.asOf)
		case k < thisYear+elim:
			mc.eliminate(p)
		case k < thisYear+elim+remark:
			mc.remark(p)
		default:
			p.ident = mc.between(mc.start, mc.jan-1)
		}
		plans[pickHousehold(r, plans, p.category, poor, ordinary)] = p
	}
	return plans
}

// drawCategory: about half 脱贫不稳定户, the rest ordinary households.
func drawCategory(r *rand.Rand) string {
	switch x := r.Float64(); {
	case x < 0.5:
		return catUnstable
	case x < 0.85:
		return catMarginal
	}
	return catSudden
}

// pickHousehold draws a not yet monitored household of the category's type.
func pickHousehold(r *rand.Rand, plans map[planKey]*plan, category string, poor, ordinary int) planKey {
	for {
		k := planKey(poor + r.IntN(ordinary))
		if category == catUnstable {
			k = planKey(r.IntN(poor))
		}
		if plans[k] == nil {
			return k
		}
	}
}

// monthClock draws months between the start of monitoring and AsOf.
type monthClock struct {
	r                *rand.Rand
	start, jan, asOf month
}

// between draws a month in [lo, hi].
func (c monthClock) between(lo, hi month) month { return lo + month(c.r.IntN(int(hi-lo)+1)) }

// eliminate: identified before this year, eliminated at least six months
// later and no later than AsOf.
func (c monthClock) eliminate(p *plan) {
	p.ident = c.between(c.start, min(c.jan-1, c.asOf-6))
	p.elim = c.between(p.ident+6, c.asOf)
	p.mode = drawMode(c.r)
	p.eliminated = true
}

// remark: eliminated earlier, then returned to monitoring this year; the
// earlier elimination month and mode stay on the record.
func (c monthClock) remark(p *plan) {
	p.ident = c.between(c.start, min(c.jan-1, c.asOf-7))
	p.elim = c.between(p.ident+6, c.asOf-1)
	p.remark = c.between(max(c.jan, p.elim+1), c.asOf)
	p.mode = drawMode(c.r)
}

func drawMode(r *rand.Rand) string {
	if r.Float64() < 0.8 {
		return "帮扶消除"
	}
	return "自然消除"
}
