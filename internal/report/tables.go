package report

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/screening"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// Tables writes the standard tables (统计报表, docs/export.md) of the
// figures f to w as one Excel workbook, a sheet per table, each with a
// title row naming the region and the day: monitored households by region
// and category, identification and elimination by month, risk types,
// measures by type, self-reports and their handling, illness among the
// formerly poor, and the household list of the region in the national
// column layout (ID and phone numbers masked, as recorded now). It returns
// the number of households listed.
func Tables(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, f *Figures, w io.Writer) (int, error) {
	x := export.NewXLSX(w)
	defer x.Abort()
	day, err := civil.ParseISO(f.AsOf)
	if err != nil {
		return 0, err
	}
	title := func(table string) string {
		return fmt.Sprintf("%s%s（截至%s）", f.Region.Name, table, day.Chinese())
	}
	rows := regionRows(f)
	if err := categorySheet(x, title("监测对象分类情况表"), rows); err != nil {
		return 0, err
	}
	if err := monthSheet(x, title("监测对象识别和风险消除情况表（按月）"), f.ByMonth); err != nil {
		return 0, err
	}
	if err := riskSheet(x, title("监测对象风险类型统计表"), f.ByRiskType); err != nil {
		return 0, err
	}
	if err := measureSheet(x, title("帮扶措施统计表"), f.Measures); err != nil {
		return 0, err
	}
	if err := selfReportSheet(x, title("一键报贫申报和办理情况表"), f); err != nil {
		return 0, err
	}
	if err := illnessSheet(x, title("脱贫人口患病情况表"), rows); err != nil {
		return 0, err
	}
	if err := sectorSheet(x, title("三保障情况表"), rows); err != nil {
		return 0, err
	}
	n, err := householdSheet(ctx, x, q, keys, scope, f.Region, fmt.Sprintf("%s农户名单（%s导出，当前档案）", f.Region.Name,
		civil.Today().Chinese()))
	if err != nil {
		return 0, err
	}
	return n, x.Close()
}

// regionRow is one row of the by-region tables: a child region, or the
// region itself as the total.
type regionRow struct {
	name string
	Child
}

// regionRows are the child regions and the region's total (the region
// alone for a village).
func regionRows(f *Figures) []regionRow {
	var out []regionRow
	for _, k := range f.Children {
		out = append(out, regionRow{k.Name, k})
	}
	o := f.Overview
	total := Child{Households: o.Households.Total, Persons: o.Persons.Total, FormerlyPoor: o.Households.FormerlyPoor,
		FormerlyPoorPersons: o.Persons.FormerlyPoor, Monitored: f.Monitored, Cumulative: o.Monitoring.Cumulative,
		Eliminated: o.Monitoring.Eliminated, ByCategory: f.ByCategory, Illness: o.Illness, Sectors: o.Sectors}
	name := "合计"
	if len(out) == 0 {
		name = f.Region.Name
	}
	return append(out, regionRow{name, total})
}

func col(header string, k export.Kind) export.Column { return export.Column{Header: header, Kind: k} }

func pair(c stats.Count) []any { return []any{c.Households, c.Persons} }

// categorySheet: per region, the monitored households of each category
// (户/人), their total, and those eliminated.
func categorySheet(x *export.XLSX, title string, rows []regionRow) error {
	cols := []export.Column{{Header: "区划", Width: 16}}
	for _, c := range registry.Categories {
		cols = append(cols, col(c+"（户）", export.Integer), col(c+"（人）", export.Integer))
	}
	cols = append(cols, col("监测对象合计（户）", export.Integer), col("监测对象合计（人）", export.Integer),
		col("已消除风险（户）", export.Integer), col("已消除风险（人）", export.Integer),
		col("累计纳入（户）", export.Integer), col("累计纳入（人）", export.Integer))
	sh := x.Sheet("监测对象分类", title, cols)
	for _, r := range rows {
		vals := []any{r.name}
		for _, c := range registry.Categories {
			var n stats.Count
			for _, cc := range r.ByCategory {
				if cc.Name == c {
					n = cc.Monitored
				}
			}
			vals = append(vals, pair(n)...)
		}
		vals = append(vals, pair(r.Monitored)...)
		vals = append(vals, pair(r.Eliminated)...)
		vals = append(vals, pair(r.Cumulative)...)
		if err := sh.Row(vals...); err != nil {
			return err
		}
	}
	return nil
}

func monthSheet(x *export.XLSX, title string, months []MonthCount) error {
	sh := x.Sheet("识别和消除（按月）", title, []export.Column{col("月份", export.Text),
		col("新识别（户）", export.Integer), col("新识别（人）", export.Integer),
		col("风险消除（户）", export.Integer), col("风险消除（人）", export.Integer),
		col("重新标注（户）", export.Integer), col("重新标注（人）", export.Integer)})
	for _, m := range months {
		vals := append(append(append([]any{m.Month}, pair(m.Identified)...), pair(m.Eliminated)...), pair(m.Remarked)...)
		if err := sh.Row(vals...); err != nil {
			return err
		}
	}
	return nil
}

func riskSheet(x *export.XLSX, title string, risks []NamedCount) error {
	sh := x.Sheet("风险类型", title, []export.Column{{Header: "风险类型", Width: 16},
		col("监测对象（户）", export.Integer), col("监测对象（人）", export.Integer)})
	for _, r := range risks {
		if err := sh.Row(r.Name, r.Households, r.Persons); err != nil {
			return err
		}
	}
	return nil
}

func measureSheet(x *export.XLSX, title string, ms []MeasureRow) error {
	sh := x.Sheet("帮扶措施", title, []export.Column{{Header: "措施类型", Width: 16}, col("措施（项）", export.Integer),
		col("与风险对应（项）", export.Integer), col("不对应（项）", export.Integer),
		{Header: "对应率", Kind: export.Percent, Format: "0.0%"}})
	for _, m := range ms {
		if err := sh.Row(m.Type, m.Total, m.Fit, m.NotFit, ratio(m.Fit, m.Total)); err != nil {
			return err
		}
	}
	return nil
}

// ratio is a/b, NaN (an empty cell) when b is 0.
func ratio(a, b int) any {
	if b == 0 {
		return nil
	}
	return float64(a) / float64(b)
}

func selfReportSheet(x *export.XLSX, title string, f *Figures) error {
	s := f.SelfReports
	sh := x.Sheet("一键报贫", title, []export.Column{{Header: "项目", Width: 24}, col("件数", export.Integer)})
	rows := [][2]any{{"申报", s.Reported}, {"已受理", s.Accepted}, {"已入户核实", s.Verified}, {"已办结", s.Decided},
		{"其中：纳入监测", s.Enrolled}, {"其中：不符合条件", s.NotQualifying}, {"按期办结", s.OnTime},
		{"超期办结", s.Late}, {"在办超期", s.OpenOverdue}, {"本年申报", f.Overview.SelfReports.ThisYear},
		{"逾期案件（全部来源）", f.OverdueCases}}
	for _, r := range rows {
		if err := sh.Row(r[0], r[1]); err != nil {
			return err
		}
	}
	for _, w := range f.OpenWarnings {
		if err := sh.Row("未处理预警："+screening.Rule(w.Name).Label(), w.Households); err != nil {
			return err
		}
	}
	return nil
}

func illnessSheet(x *export.XLSX, title string, rows []regionRow) error {
	sh := x.Sheet("脱贫人口患病", title, []export.Column{{Header: "区划", Width: 16},
		col("脱贫户（户）", export.Integer), col("脱贫人口（人）", export.Integer), col("患病人口（人）", export.Integer),
		col("长期慢性病（人）", export.Integer), col("大病（人）", export.Integer), col("涉及户数（户）", export.Integer),
		{Header: "占脱贫户比例", Kind: export.Percent, Format: "0.0%"}})
	for _, r := range rows {
		i := r.Illness
		if err := sh.Row(r.name, r.FormerlyPoor, r.FormerlyPoorPersons, i.PersonsIll, i.Chronic, i.Major, i.Households,
			ratio(i.Households, r.FormerlyPoor)); err != nil {
			return err
		}
	}
	return nil
}

// sectorSheet: per region, the sectors figures (stats.SectorFigures), each
// headed by its sector, label and unit.
func sectorSheet(x *export.XLSX, title string, rows []regionRow) error {
	names := map[string]string{}
	for _, n := range stats.SectorNames {
		names[n.Key] = n.Zh
	}
	cols := []export.Column{{Header: "区划", Width: 16}}
	for _, f := range stats.SectorFigures {
		k := export.Integer
		if f.Money() {
			k = export.Money
		}
		cols = append(cols, export.Column{Header: fmt.Sprintf("%s：%s（%s）", names[f.Sector()], f.Zh, f.Unit), Kind: k, Width: 14})
	}
	sh := x.Sheet("三保障", title, cols)
	for _, r := range rows {
		vals := []any{r.name}
		for _, f := range stats.SectorFigures {
			vals = append(vals, f.Of(&r.Sectors))
		}
		if err := sh.Row(vals...); err != nil {
			return err
		}
	}
	return nil
}

// HouseholdColumns are the columns of the household list in the national
// layout (农户名单), as householdSheet writes them.
var HouseholdColumns = []export.Column{{Header: "行政区划代码", Width: 14}, {Header: "县（市、区）"}, {Header: "乡（镇）"},
	{Header: "村"}, {Header: "户编号", Width: 14}, {Header: "户主姓名"}, {Header: "户主证件号码", Width: 22},
	{Header: "联系电话", Width: 14}, {Header: "户类型"}, col("家庭人口数", export.Integer), {Header: "监测对象类别", Width: 16},
	col("识别监测时间", export.Month), {Header: "致贫/返贫风险", Width: 20}, {Header: "风险是否已消除"},
	col("消除监测时间", export.Month)}

// householdSheet lists the region's households as recorded now.
func householdSheet(ctx context.Context, x *export.XLSX, q store.Querier, keys *pii.Keys, scope store.Scope, reg Region,
	title string) (int, error) {
	sh := x.Sheet("农户名单", title, HouseholdColumns)
	pl, n := region.NewPlaces(ctx, q), 0
	err := registry.ForEachHousehold(ctx, q, keys, scope, registry.Filter{Region: reg.Code}, false, func(h registry.Row) error {
		p, err := pl.Of(h.RegionCode)
		if err != nil {
			return err
		}
		elim := ""
		if h.IdentifiedMonth != 0 {
			elim = "否"
			if h.Eliminated {
				elim = "是"
			}
		}
		n++
		return sh.Row(h.RegionCode, p[0], p[1], p[2], h.Code, h.HeadName, h.HeadID, h.Phone, h.Type, h.Members, h.Category,
			civil.Month(h.IdentifiedMonth), strings.Join(h.Risks, "、"), elim, civil.Month(h.EliminatedMonth))
	})
	return n, err
}
