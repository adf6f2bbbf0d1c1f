package project

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/store"
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

// ImportResult is what an import did or found: the rows recorded (0 when
// rejected) and the problems, in the household import's form.
type ImportResult = registry.FileResult

// ErrRejected is the error of a file with problems: nothing was stored.
var ErrRejected = registry.ErrRejected

// fen reads an amount in 元 of column c; blank is 0 unless required. ok is
// false (and the problem recorded) when it does not parse.
func fen(r *registry.FileRow, c *[]string, required bool) (int64, bool) {
	v := r.Cell(c)
	if v == "" {
		if required {
			r.Bad(c, "请填写"+(*c)[0])
			return 0, false
		}
		return 0, true
	}
	n, err := money.ParseYuan(v)
	if err != nil {
		r.Bad(c, "金额格式不正确")
		return 0, false
	}
	return n, true
}

// year reads the 年度 column.
func year(r *registry.FileRow) (int, bool) {
	y, err := strconv.Atoi(r.Cell(&colYear))
	if err != nil || y < 2000 || y > 2100 {
		r.Bad(&colYear, "年度应为四位数年份")
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
	b := &batch{ctx: ctx, scope: scope}
	switch kind {
	case KindProjects:
		need := []*[]string{&colCode, &colName, &colYear, &colCounty, &colType, &colPlanned, &colStatus}
		cols := append(need, &colTownship, &colVillages, &colSubtype, &colChain, &colCentral, &colProvince, &colCity, &colCountyF, &colOther, &colCompleted)
		return importKind(b, kind, path, by, db, cols, need, &colCode, b.projectRow, save)
	case KindBeneficiaries:
		need := []*[]string{&colCode, &colHousehold}
		return importKind(b, kind, path, by, db, need, need, &colHousehold, b.beneficiaryRow, saveBeneficiary)
	case KindOutput:
		need := []*[]string{&colChain, &colCounty, &colYear, &colOutput}
		return importKind(b, kind, path, by, db, need, need, &colChain, b.outputRow, saveOutput)
	}
	return ImportResult{}, fault.Invalidf("kind", "导入类型应为 projects、beneficiaries 或 output", "kind must be projects, beneficiaries or output")
}

// importKind imports a file of one kind with registry.ImportRecords: read
// checks a row and returns its record and the key no other row may share
// (a duplicate is told in keyCol); save stores a record.
func importKind[T any](b *batch, kind, path, by string, db *store.DB, cols, need []*[]string, keyCol *[]string,
	read func(tx *store.Tx, r *registry.FileRow) (T, string, bool, error),
	save func(ctx context.Context, tx store.Querier, v T, by, now string) error) (ImportResult, error) {
	ctx := b.ctx
	return registry.ImportRecords(ctx, db, path, cols, need, keyCol,
		func(tx *store.Tx, r *registry.FileRow) (registry.Record[T], bool, error) {
			if b.chains == nil {
				var err error
				if b.chains, err = Chains(ctx, tx); err != nil {
					return registry.Record[T]{}, false, err
				}
			}
			v, key, ok, err := read(tx, r)
			return registry.Record[T]{Value: v, Key: key}, ok, err
		}, func(first int) string { return fmt.Sprintf("与第%d行重复", first) },
		registry.SaveEach(ctx, by, save, audit.Event{Action: "project.import", Entity: "project", Region: b.scope.Prefix(),
			Detail: map[string]any{"kind": kind}}))
}

// batch is what the rows of one import share.
type batch struct {
	ctx    context.Context
	scope  store.Scope
	chains []string // the settings' chains, read in the import's transaction
}

// projectRow checks one row of a project file.
func (b *batch) projectRow(tx *store.Tx, r *registry.FileRow) (p Project, key string, ok bool, err error) {
	p = Project{Code: r.Cell(&colCode), Name: r.Cell(&colName), County: r.Cell(&colCounty), Township: r.Cell(&colTownship),
		Villages: SplitList(r.Cell(&colVillages)), Type: r.Cell(&colType), Subtype: r.Cell(&colSubtype),
		Chain: r.Cell(&colChain), Status: r.Cell(&colStatus)}
	var oks [8]bool
	p.Year, oks[0] = year(r)
	p.Funds.Central, oks[1] = fen(r, &colCentral, false)
	p.Funds.Province, oks[2] = fen(r, &colProvince, false)
	p.Funds.City, oks[3] = fen(r, &colCity, false)
	p.Funds.County, oks[4] = fen(r, &colCountyF, false)
	p.Funds.Other, oks[5] = fen(r, &colOther, false)
	p.PlannedFen, oks[6] = fen(r, &colPlanned, true)
	p.CompletedFen, oks[7] = fen(r, &colCompleted, false)
	if slices.Contains(oks[:], false) {
		return p, "", false, nil
	}
	if e, isFault := fault.As(p.Check(b.chains)); isFault {
		for field, msg := range e.Fields {
			c := map[string]*[]string{"code": &colCode, "name": &colName, "type": &colType, "chain": &colChain,
				"status": &colStatus, "planned": &colPlanned, "completed": &colCompleted, "region": &colVillages}[field]
			if c == nil {
				c = &colCode
			}
			r.Bad(c, msg.Zh)
		}
		return p, "", false, nil
	}
	if !b.scope.Contains(Place(p.County, p.Township, p.Villages)) {
		r.Bad(&colCounty, "项目所在地不在本辖区")
		return p, "", false, nil
	}
	for _, code := range append([]string{p.County, p.Township}, p.Villages...) {
		if code == "" {
			continue
		}
		if known, err := regionExists(b.ctx, tx, code); err != nil {
			return p, "", false, err
		} else if !known {
			r.Bad(&colCounty, "区划代码 "+code+" 不存在")
			return p, "", false, nil
		}
	}
	var region string
	err = tx.QueryRowContext(b.ctx, "SELECT region_code FROM projects WHERE code = ?", p.Code).Scan(&region)
	switch {
	case err == nil && !b.scope.Contains(region):
		r.Bad(&colCode, "项目编号已被本辖区以外的项目使用")
		return p, "", false, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return p, "", false, fmt.Errorf("project: find %s: %w", p.Code, err)
	}
	return p, p.Code, true, nil
}

func regionExists(ctx context.Context, q store.Querier, code string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM regions WHERE code = ?", code).Scan(&n); err != nil {
		return false, fmt.Errorf("project: region %s: %w", code, err)
	}
	return n > 0, nil
}

// beneficiary is a household of scope linked to a project of scope.
type beneficiary struct {
	project, household int64
	region             string
}

// beneficiaryRow checks one row of a beneficiary file.
func (b *batch) beneficiaryRow(tx *store.Tx, r *registry.FileRow) (ben beneficiary, key string, ok bool, err error) {
	code, hh := r.Cell(&colCode), r.Cell(&colHousehold)
	where, args, err := b.scope.Where("region_code")
	if err != nil {
		return ben, "", false, err
	}
	err = tx.QueryRowContext(b.ctx, "SELECT id FROM projects WHERE code = ? AND "+where, append([]any{code}, args...)...).Scan(&ben.project)
	if errors.Is(err, sql.ErrNoRows) {
		r.Bad(&colCode, "未找到本辖区的此项目编号")
		return ben, "", false, nil
	} else if err != nil {
		return ben, "", false, fmt.Errorf("project: project %s: %w", code, err)
	}
	err = tx.QueryRowContext(b.ctx, "SELECT id, region_code FROM households WHERE code = ? AND "+where,
		append([]any{hh}, args...)...).Scan(&ben.household, &ben.region)
	if errors.Is(err, sql.ErrNoRows) {
		r.Bad(&colHousehold, "未找到本辖区的此户编号")
		return ben, "", false, nil
	} else if err != nil {
		return ben, "", false, fmt.Errorf("project: household %s: %w", hh, err)
	}
	return ben, code + "\x00" + hh, true, nil
}

// saveBeneficiary stores a beneficiary row, with the county of its
// household's village (read with the household, so current).
func saveBeneficiary(ctx context.Context, tx store.Querier, ben beneficiary, _, now string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO project_beneficiaries (project_id, household_id, region_code, county,
		created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, household_id, county) DO UPDATE SET region_code = excluded.region_code`,
		ben.project, ben.household, ben.region, region.County(ben.region), now); err != nil {
		return fmt.Errorf("project: beneficiary: %w", err)
	}
	return nil
}

// outputRow checks one row of an output file: a chain's output of a county
// of scope in a year.
func (b *batch) outputRow(_ *store.Tx, r *registry.FileRow) (o Output, key string, ok bool, err error) {
	o = Output{Chain: r.Cell(&colChain), County: r.Cell(&colCounty)}
	var okYear, okFen bool
	o.Year, okYear = year(r)
	o.OutputFen, okFen = fen(r, &colOutput, true)
	switch {
	case !okYear || !okFen:
		return o, "", false, nil
	case !slices.Contains(b.chains, o.Chain):
		r.Bad(&colChain, "产业链应为设置中的一项："+strings.Join(b.chains, "、"))
		return o, "", false, nil
	case regcode.Level(o.County) != regcode.County:
		r.Bad(&colCounty, "县（区）代码应为县级区划代码")
		return o, "", false, nil
	case !b.scope.Contains(o.County):
		r.Bad(&colCounty, "县（区）不在本辖区")
		return o, "", false, nil
	}
	return o, fmt.Sprintf("%s\x00%s\x00%d", o.Chain, o.County, o.Year), true, nil
}
