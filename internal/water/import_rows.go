package water

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// pendingScheme is a scheme read from a file, not yet stored.
type pendingScheme struct {
	row        int
	name, kind string
	villages   []Village
	households []int64
	seen       map[string]int // village → row
}

// schemeRow reads a row of a scheme file: one village a scheme serves.
func (r *importRun) schemeRow() error {
	code, name, kind := r.cell(colCode), r.cell(colName), r.cell(colKind)
	ok := true
	if code == "" {
		r.bad(colCode, "工程编号为空")
		ok = false
	}
	if name == "" {
		r.bad(colName, "工程名称为空")
		ok = false
	}
	if kind != Central && kind != Dispersed {
		r.bad(colKind, "供水方式应为集中供水或分散供水")
		ok = false
	}
	served, err := strconv.Atoi(r.cell(colServed))
	if err != nil || served < 0 {
		r.bad(colServed, "受益户数应为不小于0的整数")
		ok = false
	}
	village, err := r.village(r.cell(colRegion))
	if err != nil {
		return err
	}
	if village == "" || !ok {
		return nil
	}
	hhs, err := r.households(r.cell(colHouseholds), village)
	if err != nil || hhs == nil {
		return err
	}
	if r.schemes == nil {
		r.schemes = map[string]*pendingScheme{}
	}
	p := r.schemes[code]
	if p == nil {
		p = &pendingScheme{row: r.row, name: name, kind: kind, seen: map[string]int{}}
		r.schemes[code] = p
		r.order = append(r.order, code)
	}
	switch {
	case p.name != name:
		r.bad(colName, fmt.Sprintf("同一工程编号在第%d行的工程名称不同", p.row))
	case p.kind != kind:
		r.bad(colKind, fmt.Sprintf("同一工程编号在第%d行的供水方式不同", p.row))
	case p.seen[village] != 0:
		r.bad(colRegion, fmt.Sprintf("与第%d行是同一工程同一村", p.seen[village]))
	default:
		p.seen[village] = r.row
		p.villages = append(p.villages, Village{Region: village, Households: served})
		p.households = append(p.households, hhs...)
	}
	return nil
}

// village checks a village code of the row: a stored village of the scope.
// It returns "" (and records the problem) when it is not one.
func (r *importRun) village(code string) (string, error) {
	if code == "" {
		r.bad(colRegion, "行政区划代码为空")
		return "", nil
	}
	if !r.scope.Contains(code) {
		r.bad(colRegion, "行政区划代码不在本账号的管辖范围内")
		return "", nil
	}
	reg, err := region.Find(r.ctx, r.tx, code)
	if errors.Is(err, store.ErrNotFound) {
		r.bad(colRegion, "未找到此行政区划代码")
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if reg.Level != region.LevelVillage {
		r.bad(colRegion, "行政区划代码应为村级代码")
		return "", nil
	}
	return code, nil
}

// households reads the household codes of a cell (separated by 、，；
// or spaces), each registered in village: an empty non-nil slice for a
// blank cell, nil (with the problem recorded) when one is not.
func (r *importRun) households(cell, village string) ([]int64, error) {
	out := []int64{}
	for _, code := range strings.FieldsFunc(cell, func(c rune) bool { return strings.ContainsRune("、，,；; \u3000", c) }) {
		var id int64
		err := r.tx.QueryRowContext(r.ctx, "SELECT id FROM households WHERE code = ? AND region_code = ?", code, village).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			r.bad(colHouseholds, "该村没有户编号为"+code+"的农户")
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("water: household %s: %w", code, err)
		}
		out = append(out, id)
	}
	return out, nil
}

// scheme finds the id of a scheme by code, stored and serving a village of
// the scope; 0 (with the problem recorded) when there is none.
func (r *importRun) scheme(code string) (int64, error) {
	if code == "" {
		r.bad(colCode, "工程编号为空")
		return 0, nil
	}
	if id, ok := r.known[code]; ok {
		if id == 0 {
			r.bad(colCode, "未找到此工程编号的供水工程")
		}
		return id, nil
	}
	in, args, err := schemeIn(r.scope, "s.id")
	if err != nil {
		return 0, err
	}
	var id int64
	err = r.tx.QueryRowContext(r.ctx, "SELECT s.id FROM water_schemes s WHERE s.code = ? AND "+in,
		append([]any{code}, args...)...).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("water: scheme %s: %w", code, err)
	}
	if r.known == nil {
		r.known = map[string]int64{}
	}
	r.known[code] = id
	if id == 0 {
		r.bad(colCode, "未找到此工程编号的供水工程")
	}
	return id, nil
}

// date reads a date column: 0 (with the problem recorded) when it does not
// parse, or when it is blank and required.
func (r *importRun) date(c []string, required bool) (civil.Date, bool) {
	s := r.cell(c)
	if s == "" {
		if required {
			r.bad(c, c[0]+"为空")
		}
		return 0, !required
	}
	d, err := civil.Parse(s)
	if err != nil {
		r.bad(c, "日期格式不正确")
		return 0, false
	}
	return d, true
}

// sampleRow reads a row of a sample file.
func (r *importRun) sampleRow() error {
	id, err := r.scheme(r.cell(colCode))
	if err != nil {
		return err
	}
	day, ok := r.date(colDay, true)
	result := r.cell(colResult)
	if result != Pass && result != Fail {
		r.bad(colResult, "检测结果应为合格或不合格")
		ok = false
	}
	if id != 0 && ok {
		r.samples = append(r.samples, Sample{SchemeID: id, Day: day, Result: result, Item: r.cell(colItem)})
	}
	return nil
}

// problemRow reads a row of a problem file.
func (r *importRun) problemRow() error {
	p := Problem{Source: r.cell(colSource), Description: r.cell(colDesc), ReportedBy: r.cell(colReporter),
		ResolvedBy: r.cell(colResolver), Resolution: r.cell(colResolution)}
	ok := true
	if code := r.cell(colCode); code != "" {
		id, err := r.scheme(code)
		if err != nil {
			return err
		}
		p.SchemeID, ok = id, id != 0
	}
	if code := r.cell(colHouseholds); code != "" {
		where, args, err := r.scope.Where("region_code")
		if err != nil {
			return err
		}
		err = r.tx.QueryRowContext(r.ctx, "SELECT id FROM households WHERE code = ? AND "+where,
			append([]any{code}, args...)...).Scan(&p.HouseholdID)
		if errors.Is(err, sql.ErrNoRows) {
			r.bad(colHouseholds, "未找到此户编号的农户")
			ok = false
		} else if err != nil {
			return fmt.Errorf("water: household %s: %w", code, err)
		}
	} else if r.cell(colCode) == "" {
		r.bad(colCode, "工程编号和户编号不能都为空")
		ok = false
	}
	var dok, rok bool
	p.Reported, dok = r.date(colReported, true)
	p.Resolved, rok = r.date(colResolved, false)
	if !ok || !dok || !rok {
		return nil
	}
	if err := p.Check(); err != nil {
		for _, f := range fieldsOf(err) {
			c := map[string][]string{"source": colSource, "description": colDesc, "resolved": colResolved}[f[0]]
			if c == nil {
				c = colReported
			}
			r.bad(c, f[1])
		}
		return nil
	}
	r.problems = append(r.problems, p)
	return nil
}

// fieldsOf is the field and Chinese reason of each field of a fault, in
// field order.
func fieldsOf(err error) [][2]string {
	var out [][2]string
	if e, ok := fault.As(err); ok {
		for f, t := range e.Fields {
			out = append(out, [2]string{f, t.Zh})
		}
	}
	slices.SortFunc(out, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return out
}
