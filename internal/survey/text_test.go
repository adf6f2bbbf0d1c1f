package survey

import (
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/region"
	"fangpin/internal/stats"
)

// sample are figures shaped like the founding document's.
func sample() *Figures {
	o := &stats.Overview{AsOf: "2026-11-28"}
	o.Households.FormerlyPoor, o.Persons.FormerlyPoor = 3499, 10232
	o.Illness = stats.Illness{PersonsIll: 2660, Chronic: 2572, Major: 88, Households: 2024}
	m := &o.Monitoring
	m.IdentifiedThisYear = stats.Count{Households: 144, Persons: 426}
	m.RemarkedThisYear = stats.Count{Households: 2, Persons: 7}
	m.Cumulative = stats.Count{Households: 168, Persons: 499}
	m.Eliminated = stats.Count{Households: 9, Persons: 26}
	m.ByCategory = map[string]stats.Count{"脱贫不稳定户": {Households: 80, Persons: 230}, "边缘易致贫户": {Households: 68, Persons: 210},
		"突发严重困难户": {Households: 20, Persons: 59}}
	m.PlanMismatch = stats.Count{Households: 28, Persons: 82}
	m.NoDevelopmentMeasure = stats.Count{Households: 12, Persons: 31}
	o.SelfReports = stats.SelfReports{Total: 1674, ThisYear: 1200, Handled: 1650, Overdue: 3}
	return &Figures{
		Overview:     o,
		Monitored:    stats.Count{Households: 159, Persons: 473},
		IllnessRisk:  stats.Count{Households: 95, Persons: 280},
		Measures:     Measures{Count: 341, Households: 157, AmountFen: 171_593_499},
		Income:       Income{Households: 3562, NotAbove: 143, JustAbove: 292, Above: 3127, Missing: 17, MarginPct: 20},
		OverdueCases: 5, OverdueSelfReports: 3,
	}
}

var (
	city     = region.Region{Code: "620300000000", Name: "金昌市", Level: region.LevelCity}
	day      = civil.FromYMD(2026, 11, 28)
	thousand = regexp.MustCompile(`\d[,，]\d{3}`)
)

// reportHas fails for each sentence the report's text got lacks, showing
// the text.
func reportHas(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("report lacks %q:\n%s", w, got)
		}
	}
}

func text(r *Report) string {
	var b strings.Builder
	for _, bl := range r.Blocks {
		b.WriteString(bl.Text + "\n")
	}
	return b.String()
}

// TestTextForms checks the sentences keep the founding document's forms:
// the region's word, plain numbers, 万元 with two decimals, shares with one.
func TestTextForms(t *testing.T) {
	r := compose(city, day, DefaultSettings, sample())
	s := text(r)
	reportHas(t, s,
		"全市1674户农户通过“一键报贫”自主申报",
		"截至2026年11月28日，全市新识别纳入监测对象144户426人，重新标注风险2户7人，累计纳入监测对象168户499人，已消除风险9户26人。",
		"据统计，我市现有的3499户10232名脱贫人口中，患病人口有2660人（患慢性病2572人，患大病88人），涉及2024户，占脱贫户的57.8%。",
		"帮扶资金171.59万元", // 1,715,934.99 元
		"因病纳入监测的有95户280人，占59.7%",
		"（二）部分帮扶措施与监测对象需求不相匹配。", "28户82人",
		"（三）有劳动能力的监测对象开发式帮扶落实不够。", "12户31人",
		"（四）脱贫群众稳定增收难度较大。", "不高于监测范围的有143户", "不超过其120%的有292户，合计占12.2%", "另有17户尚无收入记录",
		"（五）部分事项办理超出时限。", "有5件监测帮扶事项超过办理时限，其中“一键报贫”申报3件",
		"教育帮扶方面，系统尚未汇集", "和美乡村建设方面，系统尚未汇集",
	)
	if m := thousand.FindString(s); m != "" {
		t.Errorf("a thousands separator: %q", m)
	}
	var kinds []Kind
	for _, b := range r.Blocks {
		if b.Kind == Heading1 {
			kinds = append(kinds, b.Kind)
		}
	}
	if len(kinds) != 2 || r.Blocks[1].Text != "一、总体情况" {
		t.Errorf("top headings: %v", r.Blocks[:2])
	}

	county := compose(region.Region{Code: "620302000000", Name: "金川区", Level: region.LevelCounty}, day, DefaultSettings, sample())
	if s := text(county); !strings.Contains(s, "全区1674户") || !strings.Contains(s, "我区现有的3499户") || strings.Contains(s, "全市") {
		t.Errorf("a 区 county is not 全区:\n%s", s)
	}
}

func TestWord(t *testing.T) {
	for _, c := range []struct {
		name  string
		level int
		want  string
	}{
		{"甘肃省", region.LevelProvince, "省"}, {"金昌市", region.LevelCity, "市"}, {"临夏回族自治州", region.LevelCity, "州"}, {"阿里地区", region.LevelCity, "区"},
		{"金川区", region.LevelCounty, "区"}, {"永昌县", region.LevelCounty, "县"}, {"玉门市", region.LevelCounty, "市"},
		{"宁远堡镇", region.LevelTownship, "镇"}, {"双湾乡", region.LevelTownship, "乡"}, {"滨河路街道", region.LevelTownship, "街道"},
		{"龙景村", region.LevelVillage, "村"},
	} {
		if got := Word(region.Region{Name: c.name, Level: c.level}); got != c.want {
			t.Errorf("Word(%s) = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 4999: "0.00", 5000: "0.01", 1_000_000: "1.00", 171_594_999: "171.59",
		171_595_000: "171.60", -1_000_000: "-1.00", 1_000_000_000_000: "1000000.00"} {
		if got := wan(fen); got != want {
			t.Errorf("wan(%d) = %s, want %s", fen, got, want)
		}
	}
	for _, c := range []struct {
		part, whole int
		want        string
	}{{2024, 3499, "57.8%"}, {0, 0, "0.0%"}, {1, 3, "33.3%"}, {2, 3, "66.7%"}, {1, 2000, "0.1%"}, {1, 2001, "0.0%"}, {5, 5, "100.0%"}} {
		if got := pct(c.part, c.whole); got != c.want {
			t.Errorf("pct(%d, %d) = %s, want %s", c.part, c.whole, got, c.want)
		}
	}
}

// TestThresholds checks each problem is stated only when its figure
// reaches its threshold.
func TestThresholds(t *testing.T) {
	titles := map[string]string{
		"illness": "因病返贫致贫风险依然存在", "mismatch": "部分帮扶措施与监测对象需求不相匹配",
		"development": "开发式帮扶落实不够", "income": "脱贫群众稳定增收难度较大", "overdue": "部分事项办理超出时限",
	}
	// 95/159 = 59.7%; 435/3562 = 12.2%
	high := Settings{IllnessRiskPct: 60, MismatchHouseholds: 29, NoDevelopmentHouseholds: 13, IncomeMarginPct: 20, IncomeLowPct: 13, OverdueCases: 6}
	s := text(compose(city, day, high, sample()))
	for k, title := range titles {
		if strings.Contains(s, title) {
			t.Errorf("%s stated below its threshold", k)
		}
	}
	if !strings.Contains(s, "各项监测指标均未发现突出问题") {
		t.Error("no sentence saying nothing reached a threshold")
	}
	low := Settings{IllnessRiskPct: 59, MismatchHouseholds: 28, NoDevelopmentHouseholds: 12, IncomeMarginPct: 20, IncomeLowPct: 12, OverdueCases: 5}
	s = text(compose(city, day, low, sample()))
	for k, title := range titles {
		if !strings.Contains(s, title) {
			t.Errorf("%s not stated at its threshold", k)
		}
	}
	if err := (Settings{IllnessRiskPct: 101}).Validate(); err == nil {
		t.Error("a share over 100% accepted")
	}
}
