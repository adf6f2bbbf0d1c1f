package survey

import (
	"strings"
	"testing"

	"fangpin/internal/village"
)

// TestVillageLines: 一、（四）in the founding document's form when villages
// have indicators of the year, the one notHeld line when none has, and no
// rate without registered households.
func TestVillageLines(t *testing.T) {
	f := sample()
	if s := text(compose(city, day, DefaultSettings, f)); !strings.Contains(s, "（四）和美乡村建设加快推进。\n和美乡村建设方面，系统尚未汇集村庄规划、改厕、人居环境整治和乡村治理数据，本部分暂不统计。\n") {
		t.Errorf("no indicators, no single line:\n%s", s)
	}
	f.Overview.Sectors.Village = village.Figures{Year: 2026, Villages: 115, PlanDone: 115, DemoProvincial: 3, DemoCity: 12,
		ToiletsPlanned: 2126, ToiletsDone: 2126, SanitaryHouseholds: 8941, RegisteredHouseholds: 10000,
		WithCleanersVehicles: 115, SewageTreated: 56, AllLists: 115}
	s := text(compose(city, day, DefaultSettings, f))
	reportHas(t, s,
		"截至2026年11月28日，系统汇集了全市115个行政村2026年度的和美乡村建设指标。其中115个村完成“多规合一”实用性村庄规划编制，已创建省级和美乡村示范村3个、市级示范村12个。",
		"2026年完成农村户厕改造2126座（改厕任务2126座），卫生厕所普及率达到89.41%（卫生厕所8941户，占在册农户10000户）。",
		"115个村配备保洁员和垃圾收运车辆，占100.0%；56个村实现生活污水有效治理，占48.7%；115个村小微权力、村级事务、公共服务清单齐全，占100.0%。",
	)
	if strings.Contains(s, "和美乡村建设方面，系统尚未汇集") {
		t.Error("the notHeld line beside the figures")
	}
	f.Overview.Sectors.Village.RegisteredHouseholds, f.Overview.Sectors.Village.ToiletsPlanned = 0, 0
	if s := text(compose(city, day, DefaultSettings, f)); !strings.Contains(s, "2026年完成农村户厕改造2126座，所涉村在系统中尚无在册农户，卫生厕所普及率暂不计算。") {
		t.Errorf("no registered households:\n%s", s)
	}
}
