package project

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/regcode"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/tabular"
)

// The import kinds (docs/formats.md, "Projects").
const (
	KindProjects      = "projects"
	KindBeneficiaries = "beneficiaries"
	KindOutput        = "output"
)

// Kinds are the import kinds.
var Kinds = []string{KindProjects, KindBeneficiaries, KindOutput}

// The columns of the three files; the first name is the template's.
var (
	colCode      = []string{"项目编号"}
	colName      = []string{"项目名称"}
	colYear      = []string{"年度"}
	colCounty    = []string{"县（区）代码", "县区代码", "县(区)代码"}
	colTownship  = []string{"乡镇代码"}
	colVillages  = []string{"村代码"}
	colType      = []string{"项目类型"}
	colSubtype   = []string{"项目子类型"}
	colChain     = []string{"产业链"}
	colCentral   = []string{"中央衔接资金（元）", "中央衔接资金", "中央衔接资金(元)"}
	colProvince  = []string{"省级衔接资金（元）", "省级衔接资金", "省级衔接资金(元)"}
	colCity      = []string{"市级衔接资金（元）", "市级衔接资金", "市级衔接资金(元)"}
	colCountyF   = []string{"县级衔接资金（元）", "县级衔接资金", "县级衔接资金(元)"}
	colOther     = []string{"其他资金（元）", "其他资金", "其他资金(元)"}
	colPlanned   = []string{"计划投资（元）", "计划投资", "计划投资(元)"}
	colCompleted = []string{"完成投资（元）", "完成投资", "完成投资(元)"}
	colStatus    = []string{"项目状态"}
	colHousehold = []string{"户编号"}
	colOutput    = []string{"产值（元）", "产值", "产值(元)"}
)

// maxIssues is how many problems an import lists (all are counted).
const maxIssues = 1000

// ImportResult is what an import did or found.
type ImportResult struct {
	Rows   int              // rows recorded (0 when rejected)
	Issues []registry.Issue // the first maxIssues problems, in the household import's form
	Count  int              // all problems
}

// ErrRejected is the error of a file with problems: nothing was stored.
var ErrRejected = registry.ErrRejected

// sheet reads one file, collecting its problems by row and column.
type sheet struct {
	t   *tabular.Reader
	res ImportResult
	idx map[*[]string]int
	row int
	rec []string
}

func (s *sheet) issue(row int, c *[]string, msg string) {
	s.res.Count++
	if len(s.res.Issues) < maxIssues {
		s.res.Issues = append(s.res.Issues, registry.Issue{Row: row, Col: s.idx[c], Column: (*c)[0], Message: msg})
	}
}

// bad records a problem of the current row's column c.
func (s *sheet) bad(c *[]string, msg string) { s.issue(s.row, c, msg) }

func (s *sheet) cell(c *[]string) string { return tabular.Cell(s.rec, s.idx[c]) }

// fen reads an amount in 元 of column c; blank is 0 unless required. ok is
// false (and the problem recorded) when it does not parse.
func (s *sheet) fen(c *[]string, required bool) (int64, bool) {
	v := s.cell(c)
	if v == "" {
		if required {
			s.bad(c, "请填写"+(*c)[0])
			return 0, false
		}
		return 0, true
	}
	n, err := money.ParseYuan(v)
	if err != nil {
		s.bad(c, "金额格式不正确")
		return 0, false
	}
	return n, true
}

// year reads the 年度 column.
func (s *sheet) year() (int, bool) {
	y, err := strconv.Atoi(s.cell(&colYear))
	if err != nil || y < 2000 || y > 2100 {
		s.bad(&colYear, "年度应为四位数年份")
		return 0, false
	}
	return y, true
}

// Import reads a file of kind (CSV or XLSX) and records every row, all or
// nothing, in one transaction with its audit entry. Every row must lie in
// scope: a project's place, a beneficiary's project and household, an
// output row's county.
func Import(ctx context.Context, db *store.DB, scope store.Scope, kind, path, by string) (ImportResult, error) {
	if !scope.Valid() {
		return ImportResult{}, store.ErrNoScope
	}
	var need, optional []*[]string
	var row func(context.Context, *store.Tx, *sheet, *batch) error
	switch kind {
	case KindProjects:
		need = []*[]string{&colCode, &colName, &colYear, &colCounty, &colType, &colPlanned, &colStatus}
		optional = []*[]string{&colTownship, &colVillages, &colSubtype, &colChain, &colCentral, &colProvince, &colCity, &colCountyF, &colOther, &colCompleted}
		row = projectRow
	case KindBeneficiaries:
		need, row = []*[]string{&colCode, &colHousehold}, beneficiaryRow
	case KindOutput:
		need, row = []*[]string{&colChain, &colCounty, &colYear, &colOutput}, outputRow
	default:
		return ImportResult{}, fault.Invalidf("kind", "导入类型应为 projects、beneficiaries 或 output", "kind must be projects, beneficiaries or output")
	}
	t, err := tabular.Open(path)
	if err != nil {
		return ImportResult{}, fault.Invalidt("无法读取文件：%v", "cannot read the file: %v", err)
	}
	defer t.Close()
	s := &sheet{t: t, idx: map[*[]string]int{}}
	for _, c := range append(append([]*[]string{}, need...), optional...) {
		s.idx[c] = t.Column(*c...)
	}
	for _, c := range need {
		if s.idx[c] < 0 {
			s.issue(1, c, "缺少必填列「"+(*c)[0]+"」")
		}
	}
	if s.res.Count > 0 {
		return s.res, ErrRejected
	}
	b := &batch{scope: scope, by: by, now: store.Now(), seen: map[string]int{}}
	err = db.Transact(ctx, func(tx *store.Tx) error {
		if b.chains, err = Chains(ctx, tx); err != nil {
			return err
		}
		for {
			s.rec, s.row, err = t.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return fault.Invalidt("无法读取文件：%v", "cannot read the file: %v", err)
			}
			if err := row(ctx, tx, s, b); err != nil {
				return err
			}
		}
		if s.res.Count > 0 {
			return ErrRejected
		}
		if b.rows == 0 {
			return fault.Invalidt("文件中没有数据行", "the file has no data rows")
		}
		s.res.Rows = b.rows
		return audit.Record(ctx, tx, audit.Event{Action: "project.import", Entity: "project", Region: scope.Prefix(),
			Detail: map[string]any{"kind": kind, "rows": b.rows}})
	})
	if err != nil {
		s.res.Rows = 0
	}
	return s.res, err
}

// batch is what the rows of one import share.
type batch struct {
	scope   store.Scope
	by, now string
	chains  []string
	seen    map[string]int // a row's key → its first row
	rows    int
}

// dup records key for the current row; true (and the problem recorded on
// column c) when an earlier row had it.
func (b *batch) dup(s *sheet, c *[]string, key string) bool {
	if first, ok := b.seen[key]; ok {
		s.bad(c, fmt.Sprintf("与第%d行重复", first))
		return true
	}
	b.seen[key] = s.row
	return false
}

// projectRow checks and stores one row of a project file.
func projectRow(ctx context.Context, tx *store.Tx, s *sheet, b *batch) error {
	p := Project{Code: s.cell(&colCode), Name: s.cell(&colName), County: s.cell(&colCounty), Township: s.cell(&colTownship),
		Villages: SplitList(s.cell(&colVillages)), Type: s.cell(&colType), Subtype: s.cell(&colSubtype),
		Chain: s.cell(&colChain), Status: s.cell(&colStatus)}
	var ok [8]bool
	p.Year, ok[0] = s.year()
	p.Funds.Central, ok[1] = s.fen(&colCentral, false)
	p.Funds.Province, ok[2] = s.fen(&colProvince, false)
	p.Funds.City, ok[3] = s.fen(&colCity, false)
	p.Funds.County, ok[4] = s.fen(&colCountyF, false)
	p.Funds.Other, ok[5] = s.fen(&colOther, false)
	p.PlannedFen, ok[6] = s.fen(&colPlanned, true)
	p.CompletedFen, ok[7] = s.fen(&colCompleted, false)
	if slices.Contains(ok[:], false) {
		return nil
	}
	if e, isFault := fault.As(p.Check(b.chains)); isFault {
		for field, msg := range e.Fields {
			c := map[string]*[]string{"code": &colCode, "name": &colName, "type": &colType, "chain": &colChain,
				"status": &colStatus, "planned": &colPlanned, "completed": &colCompleted, "region": &colVillages}[field]
			if c == nil {
				c = &colCode
			}
			s.bad(c, msg.Zh)
		}
		return nil
	}
	if b.dup(s, &colCode, "p"+p.Code) {
		return nil
	}
	place := Place(p.County, p.Township, p.Villages)
	if !b.scope.Contains(place) {
		s.bad(&colCounty, "项目所在地不在本辖区")
		return nil
	}
	for _, code := range append([]string{p.County, p.Township}, p.Villages...) {
		if code == "" {
			continue
		}
		if known, err := regionExists(ctx, tx, code); err != nil {
			return err
		} else if !known {
			s.bad(&colCounty, "区划代码 "+code+" 不存在")
			return nil
		}
	}
	var region string
	err := tx.QueryRowContext(ctx, "SELECT region_code FROM projects WHERE code = ?", p.Code).Scan(&region)
	switch {
	case err == nil && !b.scope.Contains(region):
		s.bad(&colCode, "项目编号已被本辖区以外的项目使用")
		return nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("project: find %s: %w", p.Code, err)
	}
	b.rows++
	return save(ctx, tx, p, b.by, b.now)
}

func regionExists(ctx context.Context, q store.Querier, code string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM regions WHERE code = ?", code).Scan(&n); err != nil {
		return false, fmt.Errorf("project: region %s: %w", code, err)
	}
	return n > 0, nil
}

// beneficiaryRow links one household of scope to one project of scope.
func beneficiaryRow(ctx context.Context, tx *store.Tx, s *sheet, b *batch) error {
	code, hh := s.cell(&colCode), s.cell(&colHousehold)
	where, args, err := b.scope.Where("region_code")
	if err != nil {
		return err
	}
	var pid int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM projects WHERE code = ? AND "+where, append([]any{code}, args...)...).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) {
		s.bad(&colCode, "未找到本辖区的此项目编号")
		return nil
	} else if err != nil {
		return fmt.Errorf("project: project %s: %w", code, err)
	}
	var hid int64
	var region string
	err = tx.QueryRowContext(ctx, "SELECT id, region_code FROM households WHERE code = ? AND "+where,
		append([]any{hh}, args...)...).Scan(&hid, &region)
	if errors.Is(err, sql.ErrNoRows) {
		s.bad(&colHousehold, "未找到本辖区的此户编号")
		return nil
	} else if err != nil {
		return fmt.Errorf("project: household %s: %w", hh, err)
	}
	if b.dup(s, &colHousehold, "b"+code+"\x00"+hh) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO project_beneficiaries (project_id, household_id, region_code, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (project_id, household_id) DO UPDATE SET region_code = excluded.region_code`,
		pid, hid, region, b.now); err != nil {
		return fmt.Errorf("project: beneficiary: %w", err)
	}
	b.rows++
	return nil
}

// outputRow stores one chain's output of a county of scope in a year.
func outputRow(ctx context.Context, tx *store.Tx, s *sheet, b *batch) error {
	o := Output{Chain: s.cell(&colChain), County: s.cell(&colCounty)}
	var okYear, okFen bool
	o.Year, okYear = s.year()
	o.OutputFen, okFen = s.fen(&colOutput, true)
	switch {
	case !okYear || !okFen:
		return nil
	case !slices.Contains(b.chains, o.Chain):
		s.bad(&colChain, "产业链应为设置中的一项："+strings.Join(b.chains, "、"))
		return nil
	case regcode.Level(o.County) != regcode.County:
		s.bad(&colCounty, "县（区）代码应为县级区划代码")
		return nil
	case !b.scope.Contains(o.County):
		s.bad(&colCounty, "县（区）不在本辖区")
		return nil
	case b.dup(s, &colChain, fmt.Sprintf("o%s\x00%s\x00%d", o.Chain, o.County, o.Year)):
		return nil
	}
	b.rows++
	return saveOutput(ctx, tx, o, b.by, b.now)
}
