package lifecycle

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/monitoring"
	"fangpin/internal/store"
)

// monitored is a household under monitoring, as the plans need it.
type monitored struct {
	id, members    int64
	code, region   string
	identified     time.Time // the first day of the identification month
	risks          []string
	income         sql.NullInt64 // 人均纯收入 of incomeYear, fen
	incomeYear     int
	labour, safety bool // a member with labour; a member on 低保/特困
}

// monitoredHouseholds reads the households monitored now, in id order.
func (l *run) monitoredHouseholds(ctx context.Context) ([]*monitored, error) {
	var out []*monitored
	err := store.Each(ctx, l.db.Reader(), "lifecycle: monitored households", func(rows store.Scanner) error {
		m := &monitored{}
		var month int
		var risks string
		var year sql.NullInt64
		if err := rows.Scan(&m.id, &m.code, &m.region, &month, &risks, &m.members, &m.income, &year,
			&m.labour, &m.safety); err != nil {
			return err
		}
		m.identified = time.Date(month/100, time.Month(month%100), 1, 9, 0, 0, 0, civil.Zone)
		m.incomeYear = int(year.Int64)
		if risks != "" {
			m.risks = strings.Split(risks, ",")
		}
		out = append(out, m)
		return nil
	}, `SELECT h.id, h.code, h.region_code, h.identified_month, h.risk_types,
		h.members, i.per_capita_fen, i.year,
		EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.active = 1
			AND p.labour_skill IN ('普通劳动力', '技能劳动力', '弱劳动力或半劳动力')),
		EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.active = 1 AND (p.dibao = 1 OR p.tekun = 1))
		FROM households h LEFT JOIN household_incomes i ON i.household_id = h.id
			AND i.year = (SELECT max(year) FROM household_incomes j WHERE j.household_id = h.id)
		WHERE h.identified_month IS NOT NULL AND h.eliminated = 0 ORDER BY h.id`)
	return out, err
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "马", "周", "孙", "朱", "何"}
	givens   = []string{"建国", "红梅", "志强", "海燕", "国庆", "丽娟", "文斌", "永红", "玉兰", "德明", "秀英", "晓东"}
	units    = []string{"镇人民政府", "县农业农村局", "驻村工作队", "县乡村振兴服务中心", "村民委员会"}
)

// plans gives every monitored household a responsible cadre, the income
// worksheet behind its imported 人均纯收入, and a plan. About one in eight
// plans leaves a risk without a fitting measure and about one in eight
// households with labour lacks a development measure: the mismatches the
// founding report complains of, for the lists to show.
func (l *run) plans(ctx context.Context) error {
	hs, err := l.monitoredHouseholds(ctx)
	if err != nil {
		return err
	}
	fits, err := monitoring.FitRules(ctx, l.db.Reader())
	if err != nil {
		return err
	}
	byRisk := map[string][]monitoring.FitRule{}
	for _, f := range fits {
		byRisk[f.RiskType] = append(byRisk[f.RiskType], f)
	}
	return l.db.Transact(ctx, func(tx *store.Tx) error {
		for _, h := range hs {
			by := auth.User{Username: "demo", DisplayName: "演示数据", Role: auth.RoleVillage, Region: h.region}
			if err := l.plan(as(ctx, by), tx, by, h, byRisk); err != nil {
				return fmt.Errorf("household %s: %w", h.code, err)
			}
		}
		return nil
	})
}

func (l *run) plan(ctx context.Context, q store.Querier, by auth.User, h *monitored, byRisk map[string][]monitoring.FitRule) error {
	scope := store.MustScope(h.region)
	start := h.identified.AddDate(0, 0, l.r.IntN(10))
	if start.After(l.asOf) {
		start = l.asOf
	}
	cadre := monitoring.CadreInput{Name: surnames[l.r.IntN(len(surnames))] + givens[l.r.IntN(len(givens))],
		Unit: units[l.r.IntN(len(units))], Phone: fmt.Sprintf("139%08d", l.r.IntN(100_000_000)),
		StartOn: start.Format(time.DateOnly)}
	if _, err := monitoring.SetCadre(ctx, q, scope, l.keys, by, h.id, cadre, start); err != nil {
		return err
	}
	l.sum.Cadres++
	if h.income.Valid && h.members > 0 {
		if _, err := monitoring.SaveWorksheet(ctx, q, scope, by, h.id, h.incomeYear,
			worksheetLines(h.income.Int64*h.members), l.asOf); err != nil {
			return err
		}
		l.sum.Worksheets++
	}
	for _, risk := range h.risks {
		fs := byRisk[risk]
		if len(fs) == 0 || l.chance(0.12) {
			continue
		}
		f := fs[l.r.IntN(len(fs))]
		if err := l.measure(ctx, q, scope, by, h, f.MeasureType, f.MeasureSubtype, cadre.Name, start); err != nil {
			return err
		}
	}
	if h.labour && !l.chance(0.12) {
		dev := developments[l.r.IntN(len(developments))]
		if err := l.measure(ctx, q, scope, by, h, dev[0], dev[1], cadre.Name, start); err != nil {
			return err
		}
	}
	if !h.labour && !h.safety {
		if err := l.measure(ctx, q, scope, by, h, monitoring.TypeSafetyNet, monitoring.SubDibao, cadre.Name, start); err != nil {
			return err
		}
	}
	return nil
}

// developments are the development measures (开发式帮扶) the demo hands out.
var developments = [][2]string{{"产业帮扶", "养殖业"}, {"产业帮扶", "种植业"}, {"就业帮扶", "务工就业"}, {"公益岗位帮扶", ""},
	{"金融帮扶", "小额信贷"}}

// measure adds one measure to h's plan, started within three weeks of start
// and due within the year; the older ones are done.
func (l *run) measure(ctx context.Context, q store.Querier, scope store.Scope, by auth.User, h *monitored,
	typ, sub, owner string, start time.Time) error {
	if sub == "" {
		if t, ok := monitoring.FindType(typ); ok && len(t.Subtypes) > 0 {
			sub = t.Subtypes[0]
		}
	}
	on := start.AddDate(0, 0, l.r.IntN(21))
	if on.After(l.asOf) {
		on = l.asOf
	}
	status := monitoring.StatusInProgress
	if on.AddDate(0, 6, 0).Before(l.asOf) && l.chance(0.6) {
		status = monitoring.StatusDone
	}
	in := monitoring.MeasureInput{Type: typ, Subtype: sub, Owner: owner, StartOn: on.Format(time.DateOnly),
		DueOn: on.AddDate(1, 0, 0).Format(time.DateOnly), Status: status,
		AmountFen: int64(100_000 + l.r.IntN(900_000)), Notes: "演示数据"}
	if _, err := monitoring.AddMeasure(ctx, q, scope, by, h.id, in, on); err != nil {
		return fmt.Errorf("measure %s/%s: %w", typ, sub, err)
	}
	l.sum.Measures++
	return nil
}

// worksheetLines splits a household's yearly net income (fen) into the
// worksheet's lines so that they compute it back exactly: wages half,
// farming a quarter less its costs, a little property income, the rest
// transfers.
func worksheetLines(total int64) map[string]int64 {
	wage, crops, prop := total/2, total/4, total/50
	cost := crops / 5
	return map[string]int64{"wage.migrant": wage, "business.crops": crops, "property.land": prop,
		"cost.business": cost, "transfer.subsidy": total - wage - crops - prop + cost}
}
