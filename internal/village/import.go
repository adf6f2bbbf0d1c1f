package village

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// column is one column of the indicator file (docs/formats.md, "Village
// indicators"): its names (the first is the template's), the field its
// problems belong to, and how a cell goes into an Indicator.
type column struct {
	names []string
	field string
	set   func(i *Indicator, s string) error
}

var (
	errBool = errors.New("应填“是”或“否”")
	errInt  = errors.New("应为不小于0的整数")
)

// yes reads 是/否 (also 1/0, √/×, 有/无); blank is 否.
func yes(s string) (bool, error) {
	switch s {
	case "是", "1", "√", "有", "Y", "y":
		return true, nil
	case "否", "0", "×", "无", "N", "n", "":
		return false, nil
	}
	return false, errBool
}

// count reads a whole number ≥ 0; blank is 0.
func count(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errInt
	}
	return n, nil
}

func boolCol(names []string, field string, dst func(*Indicator) *bool) column {
	return column{names, field, func(i *Indicator, s string) (err error) { *dst(i), err = yes(s); return }}
}

func intCol(names []string, field string, dst func(*Indicator) *int) column {
	return column{names, field, func(i *Indicator, s string) (err error) { *dst(i), err = count(s); return }}
}

// fileColumns are the columns in template order; the first two are required.
var fileColumns = []column{
	{[]string{"行政区划代码", "村代码", "村级代码"}, "region", func(i *Indicator, s string) error { i.Region = s; return nil }},
	{[]string{"年度"}, "year", func(i *Indicator, s string) error {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			return errors.New("年度应为四位数年份")
		}
		i.Year = y
		return nil
	}},
	boolCol([]string{"实用性村庄规划", "村庄规划"}, "plan_done", func(i *Indicator) *bool { return &i.PlanDone }),
	{[]string{"示范村级别", "和美乡村示范村"}, "demo_level", func(i *Indicator, s string) error {
		if s == "无" || s == "否" {
			s = ""
		}
		i.DemoLevel = s
		return nil
	}},
	intCol([]string{"示范村创建年度", "创建年度"}, "demo_year", func(i *Indicator) *int { return &i.DemoYear }),
	intCol([]string{"改厕任务（座）", "改厕任务(座)", "改厕任务"}, "toilets_planned", func(i *Indicator) *int { return &i.ToiletsPlanned }),
	intCol([]string{"完成改厕（座）", "完成改厕(座)", "完成改厕"}, "toilets_done", func(i *Indicator) *int { return &i.ToiletsDone }),
	intCol([]string{"卫生厕所户数", "卫生厕所（户）", "卫生厕所(户)"}, "sanitary_households", func(i *Indicator) *int { return &i.SanitaryHouseholds }),
	intCol([]string{"保洁员（人）", "保洁员(人)", "保洁员"}, "cleaners", func(i *Indicator) *int { return &i.Cleaners }),
	intCol([]string{"垃圾收运车辆（辆）", "垃圾收运车辆(辆)", "垃圾收运车辆"}, "vehicles", func(i *Indicator) *int { return &i.Vehicles }),
	boolCol([]string{"生活污水治理", "污水治理"}, "sewage_treated", func(i *Indicator) *bool { return &i.SewageTreated }),
	boolCol([]string{"小微权力清单"}, "list_power", func(i *Indicator) *bool { return &i.ListPower }),
	boolCol([]string{"村级事务清单"}, "list_affairs", func(i *Indicator) *bool { return &i.ListAffairs }),
	boolCol([]string{"公共服务清单"}, "list_services", func(i *Indicator) *bool { return &i.ListServices }),
	{[]string{"荣誉称号", "称号"}, "titles", func(i *Indicator, s string) error { i.Titles = SplitTitles(s); return nil }},
}

// Header is the template's header row.
func Header() []string {
	out := make([]string, len(fileColumns))
	for k, c := range fileColumns {
		out[k] = c.names[0]
	}
	return out
}

// ImportResult is what an import did or found: the rows recorded (0 when
// rejected) and the problems, in the household import's form.
type ImportResult = registry.FileResult

// ErrRejected is the error of a file with problems: nothing was stored.
var ErrRejected = registry.ErrRejected

// Import reads an indicator file (CSV or XLSX) and records every row, all
// or nothing, in one transaction with its audit entry. A row names a
// village of the region table inside scope by its 12-digit code; a village
// and year may appear once.
func Import(ctx context.Context, db *store.DB, scope store.Scope, path, by string) (ImportResult, error) {
	if !scope.Valid() {
		return ImportResult{}, store.ErrNoScope
	}
	cols := make([]*[]string, len(fileColumns))
	byField := map[string]int{}
	for k := range fileColumns {
		cols[k] = &fileColumns[k].names
		byField[fileColumns[k].field] = k
	}
	return registry.ImportRecords(ctx, db, path, cols, cols[:2], cols[0],
		func(tx *store.Tx, r *registry.FileRow) (registry.Record[Indicator], bool, error) {
			i, ok, err := readRow(ctx, tx, scope, r, cols, byField)
			return registry.Record[Indicator]{Value: i, Key: fmt.Sprintf("%s/%d", i.Region, i.Year)}, ok, err
		}, func(first int) string { return fmt.Sprintf("与第%d行是同一村同一年度", first) },
		registry.SaveEach(ctx, by, Save, audit.Event{Action: "village.import", Entity: "village_indicators", Region: scope.Prefix()}))
}

// readRow reads one row into an Indicator, reporting each problem with its
// row and column; ok is false when the row has a problem.
func readRow(ctx context.Context, q store.Querier, scope store.Scope, r *registry.FileRow, cols []*[]string,
	byField map[string]int) (Indicator, bool, error) {
	var i Indicator
	bad := func(k int, msg string) { r.Bad(cols[k], msg) }
	n := 0
	for k, c := range fileColumns {
		if err := c.set(&i, r.Cell(cols[k])); err != nil {
			bad(k, err.Error())
			n++
		}
	}
	if n > 0 {
		return i, false, nil
	}
	if e, ok := fault.As(i.Check()); ok {
		ks := make([]int, 0, len(e.Fields))
		for field := range e.Fields {
			ks = append(ks, byField[field])
		}
		sort.Ints(ks) // in column order
		for _, k := range ks {
			bad(k, e.Fields[fileColumns[k].field].Zh)
		}
		return i, false, nil
	}
	if err := checkVillage(ctx, q, scope, i.Region); errors.Is(err, errNoVillage) {
		bad(0, "行政区划代码不是本辖区内的村")
		return i, false, nil
	} else if err != nil {
		return i, false, err
	}
	return i, true, nil
}
