package lifecycle

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
	"fangpin/internal/entity"
	"fangpin/internal/money"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// The business entities of the demo, shaped like the founding survey's
// part (三): 212 entities covering every township and village, 25 of them
// holding 1,374.4万元 of shares of 511 脱贫户 in 10 townships, with
// dividend agreements paid in full this year. Households linked are scaled
// to the demo city (60% of its households, where the survey's city linked
// 5.69万); a quarter of the cooperatives and family farms link only by
// 土地流转, 租赁 or 雇工 (problem (三)); two payouts of last year are still
// unpaid, for the overdue list.
const (
	demoEntities        = 212
	demoShareEntities   = 25
	demoShareHouseholds = 511
	demoShareTowns      = 10
	demoSharesFen       = 1_374_400_000
	demoLinkedShare     = 0.6
	demoOverdue         = 2
)

// demoKinds are the entities by kind, in order: 60 leading enterprises,
// 125 cooperatives, 22 family farms, 5 others.
var demoKinds = []struct {
	kind string
	n    int
}{{entity.KindEnterprise, 60}, {entity.KindCooperative, 125}, {entity.KindFamilyFarm, 22}, {entity.KindOther, 5}}

// demoProducts name the entities.
var demoProducts = []string{"肉羊", "肉牛", "蔬菜", "饲草", "中药材", "制种", "马铃薯", "食用菌", "设施农业", "乳业"}

// demoPlace is a township or village of the demo city.
type demoPlace struct{ code, name string }

// demoEntity is an entity of the demo as the files give it.
type demoEntity struct {
	name, kind, level, county string
	areas, mechs              []string
	village                   string // the village it was made for
}

// entities writes the five entity files of the demo and imports them as
// the pages' imports do: the entities, links, shares and agreements
// recorded a year before the demo's today, the payouts on it. It draws
// from a stream of its own, so the steps before keep their figures.
func (l *run) entities(ctx context.Context, dir string) error {
	r := rand.New(rand.NewPCG(l.cfg.Seed^0xe171, l.cfg.Seed+0x5ea1))
	towns, villages, err := l.demoPlaces(ctx)
	if err != nil || len(villages) == 0 {
		return err
	}
	hhs, err := l.demoHouseholds(ctx)
	if err != nil {
		return err
	}
	es := makeEntities(r, towns, villages)
	byVillage := map[string][]int{}
	for i, e := range es {
		byVillage[e.village] = append(byVillage[e.village], i)
	}
	files := map[string][]string{
		entity.FileEntities:   {"主体名称,统一社会信用代码,主体类型,等级,所在县区代码,覆盖乡镇村代码,联农带农方式"},
		entity.FileLinks:      {"主体名称,户编号,联结方式"},
		entity.FileShares:     {"主体名称,户编号,入股金额（元）,资金来源,入股日期"},
		entity.FileAgreements: {"主体名称,户编号,分红比例（‰）,固定分红金额（元）,约定兑付日,签订日期"},
		entity.FilePayouts:    {"主体名称,户编号,年度,分红金额（元）,应兑付日期,兑付日期,兑付凭证"},
	}
	add := func(kind string, cells ...string) { files[kind] = append(files[kind], strings.Join(cells, ",")) }
	for i, e := range es {
		add(entity.FileEntities, e.name, creditCode(i), e.kind, e.level, e.county, strings.Join(e.areas, "、"), strings.Join(e.mechs, "、"))
	}
	linked := map[string]bool{}
	for _, h := range hhs {
		if on := byVillage[h.region]; len(on) > 0 && r.Float64() < demoLinkedShare {
			e := es[on[r.IntN(len(on))]]
			add(entity.FileLinks, e.name, h.code, e.mechs[r.IntN(len(e.mechs))])
			linked[e.name+"/"+h.code] = true
		}
	}
	l.demoShares(r, es, towns, hhs, linked, add)
	recorded := l.asOf.AddDate(-1, 0, 0)
	for _, kind := range entity.FileKinds {
		path := filepath.Join(dir, "demo-entity-"+kind+".csv")
		if err := os.WriteFile(path, []byte(strings.Join(files[kind], "\n")+"\n"), 0o600); err != nil {
			return err
		}
		now := recorded
		if kind == entity.FilePayouts {
			now = l.asOf
		}
		res, err := entity.ImportAt(as(ctx, system), l.db, store.ScopeAll(), kind, path, system.Username, now)
		os.Remove(path)
		if err != nil {
			return fmt.Errorf("%s: %w %v", kind, err, res.Issues)
		}
		if kind == entity.FileEntities {
			l.sum.Entities = res.Rows
		}
	}
	return nil
}

// makeEntities makes the demo's entities: entity i is made for village
// i (mod the villages), covers it and, for the first ones, a township too,
// so that every township and village is covered.
func makeEntities(r *rand.Rand, towns, villages []demoPlace) []demoEntity {
	var es []demoEntity
	seen := map[string]bool{}
	strong := entity.Mechanisms[:7]
	for _, k := range demoKinds {
		for j := 0; j < k.n; j++ {
			i := len(es)
			v := villages[i%len(villages)]
			e := demoEntity{kind: k.kind, county: v.code[:6] + "000000", areas: []string{v.code}, village: v.code}
			if i < len(towns) {
				e.areas = append(e.areas, towns[i].code)
			}
			e.level = demoLevel(k.kind, j)
			product := demoProducts[r.IntN(len(demoProducts))]
			switch k.kind {
			case entity.KindEnterprise:
				e.name = "金昌" + strings.TrimSuffix(strings.TrimSuffix(v.name, "村委会"), "村") + product + "产业发展有限公司"
			case entity.KindCooperative:
				e.name = strings.TrimSuffix(v.name, "委会") + product + "专业合作社"
			case entity.KindFamilyFarm:
				e.name = strings.TrimSuffix(v.name, "委会") + product + "家庭农场"
			default:
				e.name = strings.TrimSuffix(v.name, "委会") + product + "种养大户"
			}
			for n := 2; seen[e.name]; n++ {
				e.name = strings.TrimSuffix(e.name, fmt.Sprint(n-1)) + fmt.Sprint(n)
			}
			seen[e.name] = true
			if k.kind != entity.KindEnterprise && j%4 == 3 {
				e.mechs = pickN(r, entity.Weak, 1+r.IntN(2)) // problem (三)
			} else {
				e.mechs = pickN(r, strong, 1+r.IntN(3))
				if r.IntN(3) == 0 {
					e.mechs = append(e.mechs, entity.Weak[r.IntN(len(entity.Weak))])
				}
			}
			es = append(es, e)
		}
	}
	return es[:min(len(es), demoEntities)]
}

// demoLevel is the level of the j-th entity of a kind.
func demoLevel(kind string, j int) string {
	switch {
	case kind == entity.KindEnterprise && j < 2:
		return "国家级"
	case kind == entity.KindEnterprise && j < 12, kind == entity.KindCooperative && j < 5:
		return "省级"
	case kind == entity.KindEnterprise && j < 30, kind == entity.KindCooperative && j < 20:
		return "市级"
	case kind == entity.KindEnterprise, kind == entity.KindCooperative && j < 60:
		return "县级"
	}
	return ""
}

// pickN picks n distinct values of vs in their order.
func pickN(r *rand.Rand, vs []string, n int) []string {
	var out []string
	for _, i := range r.Perm(len(vs))[:min(n, len(vs))] {
		out = append(out, vs[i])
	}
	var sorted []string
	for _, v := range vs {
		for _, o := range out {
			if o == v {
				sorted = append(sorted, v)
			}
		}
	}
	return sorted
}

// creditCode is a valid unified social credit code for the i-th entity of
// the demo (GB 32100 check character), or "" for every third.
func creditCode(i int) string {
	if i%3 == 2 {
		return ""
	}
	first := fmt.Sprintf("93620300MA%07d", i+1)
	return first + string(entity.CreditCheck(first))
}

// demoShares adds the shares, agreements and payouts: 511 脱贫户 of the
// villages of 10 townships, spread over 25 entities of strong mechanisms.
func (l *run) demoShares(r *rand.Rand, es []demoEntity, towns []demoPlace, hhs []demoHH, linked map[string]bool,
	add func(kind string, cells ...string)) {
	var holders []int
	for i, e := range es {
		if len(holders) < demoShareEntities && (e.kind == entity.KindEnterprise || e.kind == entity.KindCooperative) &&
			!entity.OnlyWeak(e.mechs) {
			holders = append(holders, i)
		}
	}
	inTown := map[string]bool{}
	for _, t := range towns {
		if len(inTown) < demoShareTowns && hasVillage(hhs, t.code) {
			inTown[t.code[:9]] = true
		}
	}
	var chosen []demoHH
	for _, i := range r.Perm(len(hhs)) {
		if h := hhs[i]; len(chosen) < demoShareHouseholds && h.formerlyPoor && inTown[h.region[:9]] {
			chosen = append(chosen, h)
		}
	}
	weights, sum := make([]int64, len(chosen)), int64(0)
	for i := range weights {
		weights[i] = 80 + r.Int64N(41)
		sum += weights[i]
	}
	y := l.asOf.Year()
	left := int64(demoSharesFen)
	for i, h := range chosen {
		e := es[holders[i%len(holders)]]
		fen := demoSharesFen * weights[i] / sum / 10000 * 10000 // whole hundreds of 元
		if i == len(chosen)-1 {
			fen = left
		}
		left -= fen
		if !linked[e.name+"/"+h.code] {
			add(entity.FileLinks, e.name, h.code, e.mechs[0])
		}
		add(entity.FileShares, e.name, h.code, money.Format(fen), "衔接资金", fmt.Sprintf("%d-03-%02d", y-1, 1+i%28))
		rate, fixed, due := "60", "", "06-30"
		if i%7 == 6 {
			rate, fixed, due = "", "1500", "09-30"
		}
		add(entity.FileAgreements, e.name, h.code, rate, fixed, due, fmt.Sprintf("%d-03-20", y-1))
		for _, year := range []int{y - 1, y} {
			dueDay, _ := civil.Parse(fmt.Sprintf("%d-%s", year, due))
			paid, evidence := "", ""
			asOf := civil.DateOf(l.asOf)
			switch {
			case year == y-1 && i < demoOverdue:
				// unpaid: the overdue list's
			case dueDay <= asOf:
				paid, evidence = min(dueDay.AddDays(3+i%15), asOf).String(), fmt.Sprintf("银行代发回单%d%04d", year, i+1)
			}
			add(entity.FilePayouts, e.name, h.code, fmt.Sprint(year), "", "", paid, evidence)
		}
	}
}

// hasVillage reports whether a household lives in a village of township.
func hasVillage(hhs []demoHH, township string) bool {
	for _, h := range hhs {
		if h.region[:9] == township[:9] {
			return true
		}
	}
	return false
}

// demoHH is a household of the demo city.
type demoHH struct {
	code, region string
	formerlyPoor bool
}

// demoHouseholds are the households, in code order.
func (l *run) demoHouseholds(ctx context.Context) ([]demoHH, error) {
	return store.Collect(ctx, l.db.Reader(), "lifecycle: households", func(rows store.Scanner) (demoHH, error) {
		var h demoHH
		var typ string
		if err := rows.Scan(&h.code, &h.region, &typ); err != nil {
			return h, err
		}
		h.formerlyPoor = typ == registry.TypeFormerlyPoor
		return h, nil
	}, "SELECT code, region_code, type FROM households ORDER BY code")
}

// demoPlaces are the townships and the village committees of the demo
// city, in code order.
func (l *run) demoPlaces(ctx context.Context) (towns, villages []demoPlace, err error) {
	err = store.Each(ctx, l.db.Reader(), "lifecycle: places", func(rows store.Scanner) error {
		var p demoPlace
		var level int
		if err := rows.Scan(&p.code, &p.name, &level); err != nil {
			return err
		}
		switch {
		case level == 4:
			towns = append(towns, p)
		case region.IsVillageCommittee(p.code):
			villages = append(villages, p)
		}
		return nil
	}, "SELECT code, name, level FROM regions WHERE code LIKE ? AND level IN (4, 5) ORDER BY code",
		demo.CityCode[:4]+"%")
	return towns, villages, err
}
