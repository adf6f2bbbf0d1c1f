package survey

import (
	"strings"
	"testing"
)

// TestLinkageText: 一、（三） states the projects and labour figures in the
// founding document's form, keeps a notHeld line for a source with nothing
// of the year, and leaves the enterprises' line in place.
func TestLinkageText(t *testing.T) {
	f := sample()
	got := text(compose(city, day, DefaultSettings, f))
	reportHas(t, got, "产业项目和衔接资金方面，系统尚未汇集", "转移就业方面，系统尚未汇集", "联农带农方面，系统尚未汇集")
	s := &f.Overview.Sectors
	p := &s.Projects
	p.Projects, p.PlannedFen, p.LinkageFen, p.LinkageIndustryFen = 169, 43_000_000_000, 29_485_000_000, 19_124_000_000
	p.ChainProjects, p.ChainPlannedFen, p.ChainCompletedFen = 37, 135_738_115_972, 130_200_000_000
	p.OutputFen, p.OutputPrevFen = 1_012_000_000_000, 943_150_000_000
	s.Labour.Subsidised, s.Labour.SubsidyAmountFen, s.Labour.Transferred, s.Labour.IncomeFen = 2085, 63_400_000, 5078, 11_900_000_000
	got = text(compose(city, day, DefaultSettings, f))
	reportHas(t, got,
		"2026年，全市实施产业链项目37个，完成投资13.02亿元，占计划的95.92%；产业链产值达101.20亿元、同比增长7.30%；"+
			"项目库入库项目169个，总投资4.30亿元，其中衔接资金29485.00万元，用于产业发展的占64.86%。",
		"2026年，全市为符合条件的2085名外出务工脱贫劳动力发放一次性交通补助63.40万元，转移就业脱贫劳动力5078人，实现劳务收入1.19亿元。",
		"联农带农方面，系统尚未汇集龙头企业",
	)
	p.Projects, p.ChainProjects = 0, 0
	if got := text(compose(city, day, DefaultSettings, f)); !strings.Contains(got, "2026年，全市产业链产值达101.20亿元、同比增长7.30%。") {
		t.Errorf("output alone: %s", got)
	}
	p.OutputPrevFen = 2 * p.OutputFen
	if got := text(compose(city, day, DefaultSettings, f)); !strings.Contains(got, "产业链产值达101.20亿元、同比下降50.00%。") {
		t.Errorf("a fall: %s", got)
	}
}

func TestNumbersLinkage(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 49_999_999: "0.00", 50_000_000: "0.01", 130_200_000_000: "13.02", -10_000_000_000: "-1.00"} {
		if got := yi(fen); got != want {
			t.Errorf("yi(%d) = %s, want %s", fen, got, want)
		}
	}
	for _, c := range []struct {
		part, whole int64
		want        string
	}{{9592, 10000, "95.92%"}, {0, 0, "0.00%"}, {1, 3, "33.33%"}, {2, 3, "66.67%"}, {1, 20000, "0.01%"}, {1, 20001, "0.00%"}} {
		if got := pct2(c.part, c.whole); got != c.want {
			t.Errorf("pct2(%d, %d) = %s, want %s", c.part, c.whole, got, c.want)
		}
	}
}
