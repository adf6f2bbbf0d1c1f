package village

import (
	"io"
	"math"
	"strconv"
	"strings"

	"fangpin/internal/export"
	"fangpin/internal/region"
)

// tableColumns are the village table's columns: the village's names, the
// import template's columns under their template names, and the registry
// households and the rate beside them.
var tableColumns = []export.Column{
	{Header: "县（区）", Kind: export.Text},
	{Header: "乡镇", Kind: export.Text},
	{Header: "村", Kind: export.Text},
	{Header: "行政区划代码", Kind: export.Text, Width: 14},
	{Header: "年度", Kind: export.Integer},
	{Header: "实用性村庄规划", Kind: export.Text},
	{Header: "示范村级别", Kind: export.Text},
	{Header: "示范村创建年度", Kind: export.Integer},
	{Header: "改厕任务（座）", Kind: export.Integer},
	{Header: "完成改厕（座）", Kind: export.Integer},
	{Header: "卫生厕所户数", Kind: export.Integer},
	{Header: "在册农户（户）", Kind: export.Integer},
	{Header: "卫生厕所普及率", Kind: export.Percent},
	{Header: "保洁员（人）", Kind: export.Integer},
	{Header: "垃圾收运车辆（辆）", Kind: export.Integer},
	{Header: "生活污水治理", Kind: export.Text},
	{Header: "小微权力清单", Kind: export.Text},
	{Header: "村级事务清单", Kind: export.Text},
	{Header: "公共服务清单", Kind: export.Text},
	{Header: "荣誉称号", Kind: export.Text, Width: 24},
}

// YesNo writes a boolean as the template's 是 or 否.
func YesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// Rate is part ÷ whole, NaN without a whole (an empty cell).
func Rate(part, whole int) float64 {
	if whole <= 0 {
		return math.NaN()
	}
	return float64(part) / float64(whole)
}

// WriteTable writes the year's village rows as an Excel workbook: one row a
// village, with its county, township and village names (names), its
// registry households on the day (registered) and a total row of f.
func WriteTable(w io.Writer, title string, rows []Indicator, names func(code string) [3]string, registered map[string]int, f Figures) error {
	x := export.NewXLSX(w)
	s := x.Sheet(strconv.Itoa(f.Year)+"年度", title, tableColumns)
	for _, i := range rows {
		n := names(i.Region)
		var demoYear any
		if i.DemoYear != 0 {
			demoYear = i.DemoYear
		}
		reg := registered[i.Region]
		if err := s.Row(n[0], n[1], n[2], i.Region, i.Year, YesNo(i.PlanDone), i.DemoLevel, demoYear, i.ToiletsPlanned,
			i.ToiletsDone, i.SanitaryHouseholds, reg, Rate(i.SanitaryHouseholds, reg), i.Cleaners, i.Vehicles,
			YesNo(i.SewageTreated), YesNo(i.ListPower), YesNo(i.ListAffairs), YesNo(i.ListServices),
			strings.Join(i.Titles, TitleSep)); err != nil {
			x.Abort()
			return err
		}
	}
	villages := func(n int) string { return strconv.Itoa(n) + "个村" }
	if err := s.Row("合计", nil, villages(f.Villages), nil, nil, villages(f.PlanDone), demoTotal(f), nil,
		f.ToiletsPlanned, f.ToiletsDone, f.SanitaryHouseholds, f.RegisteredHouseholds, Rate(f.SanitaryHouseholds, f.RegisteredHouseholds),
		nil, nil, villages(f.SewageTreated), nil, nil, nil, "三项清单齐全"+villages(f.AllLists)); err != nil {
		x.Abort()
		return err
	}
	return x.Close()
}

// demoTotal is the total row's demonstration villages: "省级3 市级12".
func demoTotal(f Figures) string {
	return LevelProvince + strconv.Itoa(f.DemoProvincial) + " " + LevelCity + strconv.Itoa(f.DemoCity)
}

// PlaceNames names a village's county, township and village for
// WriteTable (the code itself, as the village, when it cannot be read).
func PlaceNames(p *region.Places) func(string) [3]string {
	return func(code string) [3]string {
		n, err := p.Of(code)
		if err != nil {
			return [3]string{"", "", code}
		}
		return n
	}
}
