package screening

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// FeedRow is a department row cited by a warning, for its detail page: the
// file and line it came from, the masked ID number and its columns under
// the department's own headers (docs/formats.md).
type FeedRow struct {
	Table    string  `json:"table"`
	ID       int64   `json:"id"`
	FileID   int64   `json:"file_id"`
	FileName string  `json:"file_name"`
	RowNo    int     `json:"row_no"`
	IDMasked string  `json:"id_masked"`
	Values   []Field `json:"values"`
}

// Field is one column of a FeedRow, formatted for reading.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// column kinds: how a stored value is shown
const (
	kText = iota
	kMoney
	kDay
	kInt
	kGrade
)

type column struct {
	name, header string
	kind         int
}

// feedColumns are the columns shown per feed table.
var feedColumns = map[string][]column{
	"feed_medical": {{"settled", "结算日期", kDay}, {"total_fen", "医疗总费用", kMoney}, {"basic_fen", "基本医保报销", kMoney},
		{"serious_fen", "大病保险报销", kMoney}, {"assist_fen", "医疗救助", kMoney}, {"oop_fen", "个人自付", kMoney},
		{"disease", "疾病名称", kText}},
	"feed_education": {{"stage", "学段", kText}, {"status", "在校状态", kText}, {"aid_item", "资助项目", kText},
		{"aid_fen", "资助金额", kMoney}, {"day", "日期", kDay}},
	"feed_disability": {{"category", "残疾类别", kText}, {"grade", "残疾等级", kGrade}, {"issued", "发证日期", kDay}},
	"feed_housing":    {{"grade", "鉴定等级", kText}, {"assessed", "鉴定日期", kDay}},
	"feed_disaster":   {{"hazard", "灾种", kText}, {"loss_fen", "损失金额", kMoney}, {"day", "日期", kDay}},
	"feed_employment": {{"status", "就业状态", kText}, {"place", "务工地点", kText}, {"months", "月数", kInt}, {"day", "日期", kDay}},
	"feed_death":      {{"died", "死亡日期", kDay}},
}

// Evidence returns the feed rows a warning of the scope cites, in the order
// stored (by date), with their file's name; none for the income rules,
// whose evidence is the registry's figures. A warning outside the scope is
// store.ErrNotFound.
func Evidence(ctx context.Context, q store.Querier, scope store.Scope, w Warning) ([]FeedRow, error) {
	w, err := Find(ctx, q, scope, w.ID)
	if err != nil {
		return nil, err
	}
	cols, ok := feedColumns[w.Evidence.Table]
	if !ok || len(w.Evidence.Rows) == 0 {
		return nil, nil
	}
	ids := make([]any, len(w.Evidence.Rows))
	for i, r := range w.Evidence.Rows {
		ids[i] = r.ID
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = "r." + c.name
	}
	byID := map[int64]FeedRow{}
	err = store.Each(ctx, q, fmt.Sprintf("screening: evidence of warning %d", w.ID), func(rows store.Scanner) error {
		r, err := scanFeedRow(rows, w.Evidence.Table, cols)
		byID[r.ID] = r
		return err
	}, "SELECT r.id, r.file_id, f.name, r.row_no, r.id_masked, "+strings.Join(names, ", ")+
		" FROM "+w.Evidence.Table+" r JOIN feed_files f ON f.id = r.file_id WHERE r.id IN ("+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+")", ids...)
	if err != nil {
		return nil, err
	}
	out := make([]FeedRow, 0, len(byID))
	for _, e := range w.Evidence.Rows {
		if r, ok := byID[e.ID]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

func scanFeedRow(s store.Scanner, table string, cols []column) (FeedRow, error) {
	r := FeedRow{Table: table}
	vals := make([]any, len(cols))
	dest := []any{&r.ID, &r.FileID, &r.FileName, &r.RowNo, &r.IDMasked}
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	if err := s.Scan(dest...); err != nil {
		return r, err
	}
	for i, c := range cols {
		r.Values = append(r.Values, Field{Name: c.header, Value: format(c.kind, vals[i])})
	}
	return r, nil
}

// format shows a stored value of a kind.
func format(kind int, v any) string {
	n, isInt := v.(int64)
	switch {
	case v == nil:
		return ""
	case !isInt:
		return text(v)
	case kind == kMoney:
		return yuan(n)
	case kind == kDay:
		return civil.Date(n).String()
	case kind == kGrade:
		return gradeLabel(n)
	}
	return strconv.FormatInt(n, 10)
}
