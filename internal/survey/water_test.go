package survey

import (
	"strings"
	"testing"
)

// TestDropoutText: the 控辍保学 clause in each case.
func TestDropoutText(t *testing.T) {
	for _, c := range []struct {
		d, f, r int
		want    string
	}{
		{0, 0, 0, "义务教育阶段无失学辍学学生"},
		{0, 0, 3, "义务教育阶段无失学辍学学生，经控辍保学劝返复学3人"},
		{2, 1, 0, "义务教育阶段有辍学学生2人，已落实控辍保学跟踪1人"},
		{2, 2, 1, "义务教育阶段有辍学学生2人，已落实控辍保学跟踪2人，经控辍保学劝返复学1人"},
	} {
		if got := dropoutText(c.d, c.f, c.r); got != c.want {
			t.Errorf("%d %d %d: %q, want %q", c.d, c.f, c.r, got, c.want)
		}
	}
}

// TestDropoutsWithoutAid: dropouts without aid rows state no aid figure.
func TestDropoutsWithoutAid(t *testing.T) {
	f := sample()
	e := &f.Overview.Sectors.Education
	e.DropoutsCompulsory, e.DropoutsFollowed, e.DropoutsReturned = 3, 2, 1
	want := "教育帮扶方面，全市义务教育阶段有辍学学生3人，已落实控辍保学跟踪2人，经控辍保学劝返复学1人。"
	reportHas(t, text(compose(city, day, DefaultSettings, f)), want)
}

// TestWaterText: 安全饮水 states the water figures in the founding
// document's form, says when no sample was taken, and keeps the notHeld
// line when nothing is recorded.
func TestWaterText(t *testing.T) {
	f := sample()
	w := &f.Overview.Sectors.Water
	got := text(compose(city, day, DefaultSettings, f))
	if !strings.Contains(got, "安全饮水方面，系统尚未汇集供水工程监测和水质抽检数据，本部分暂不统计。") {
		t.Errorf("no water data:\n%s", got)
	}
	for _, c := range []struct {
		schemes, samples, ok, open, hh int
		want                           string
	}{
		{30, 120, 120, 0, 0, "安全饮水方面，全市登记集中和分散供水工程30处，2026年1月1日至2026年11月28日，抽检水样120份，合格率100.0%，" +
			"抽检水样全部符合生活饮用水卫生标准；截至2026年11月28日，群众反映的饮水问题均已解决。"},
		{30, 3, 2, 2, 45, "抽检水样3份，合格率66.7%；截至2026年11月28日，尚未解决的饮水问题2个，其中供水工程问题涉及45户。"},
		{30, 0, 0, 1, 0, "2026年1月1日至2026年11月28日，尚无水样抽检记录；截至2026年11月28日，尚未解决的饮水问题1个。"},
	} {
		w.Schemes, w.Samples, w.SamplesQualified, w.OpenProblems, w.HouseholdsAffected = c.schemes, c.samples, c.ok, c.open, c.hh
		reportHas(t, text(compose(city, day, DefaultSettings, f)), c.want)
	}
}
