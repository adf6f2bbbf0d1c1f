package entity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// The kinds of import file (docs/formats.md, "Business entities").
const (
	FileEntities   = "entities"
	FileLinks      = "links"
	FileShares     = "shares"
	FileAgreements = "agreements"
	FilePayouts    = "payouts"
)

// FileKinds are the kinds of import file, in the order they are imported.
var FileKinds = []string{FileEntities, FileLinks, FileShares, FileAgreements, FilePayouts}

// ImportResult is what an import did or found: the rows stored (0 when
// rejected) and the problems, in the household import's form.
type ImportResult = registry.FileResult

// ErrRejected is the error of a file with problems: nothing was stored.
var ErrRejected = registry.ErrRejected

// importer reads one file's rows inside the import's transaction.
type importer struct {
	ctx   context.Context
	tx    *store.Tx
	scope store.Scope
	by    string
	now   string               // the stamp of the rows
	today civil.Date           // now's day
	cols  map[string]*[]string // column name (the first of its names) → the column as registry.FileRow knows it
	r     *registry.FileRow    // the current row
	bad   bool                 // the current row has a problem
	seen  map[string]int       // a row's key → the first row with it
	// entities are the ids of the names found so far
	entities map[string]int64
}

// column is a column of a template: its accepted names (the first is its
// name in messages) and whether it must be present.
type column struct {
	names    []string
	required bool
}

// issue records a problem of the current row in the column named name.
func (im *importer) issue(name, msg string) {
	im.bad = true
	im.r.Bad(im.cols[name], msg)
}

// cell is the current row's value in the column named name.
func (im *importer) cell(name string) string { return im.r.Cell(im.cols[name]) }

// once reports whether key was not seen on an earlier row, and otherwise
// records a problem in column name.
func (im *importer) once(key, name string) bool {
	if first, dup := im.seen[key]; dup {
		im.issue(name, fmt.Sprintf("与第%d行重复", first))
		return false
	}
	im.seen[key] = im.r.Line
	return true
}

// kindSpec is a template: its columns and how a row becomes a write.
type kindSpec struct {
	columns []column
	row     func(im *importer) (save func() error)
}

// Import reads a file of kind (one of FileKinds; CSV or XLSX) and stores
// every row, all or nothing, in one transaction with its audit entry.
// Households are named by 户编号 and must be of scope; entities by name.
func Import(ctx context.Context, db *store.DB, scope store.Scope, kind, path, by string) (ImportResult, error) {
	return ImportAt(ctx, db, scope, kind, path, by, time.Now())
}

// ImportAt is Import recorded at now: the rows count in the figures from
// now on, and a 兑付日期 may not be after now's day (the demo records its
// history so). It is registry.ImportRows: a row's writes wait until every
// row is read without a problem.
func ImportAt(ctx context.Context, db *store.DB, scope store.Scope, kind, path, by string, now time.Time) (ImportResult, error) {
	if !scope.Valid() {
		return ImportResult{}, store.ErrNoScope
	}
	spec, ok := specs()[kind]
	if !ok {
		return ImportResult{}, fault.Invalidf("kind", "文件类型应为 entities、links、shares、agreements 或 payouts",
			"the kind must be entities, links, shares, agreements or payouts")
	}
	im := &importer{ctx: ctx, scope: scope, by: by, now: store.Stamp(now), today: civil.DateOf(now), cols: map[string]*[]string{},
		seen: map[string]int{}, entities: map[string]int64{}}
	var cols, required []*[]string
	for k := range spec.columns {
		c := &spec.columns[k]
		cols = append(cols, &c.names)
		im.cols[c.names[0]] = &c.names
		if c.required {
			required = append(required, &c.names)
		}
	}
	var saves []func() error
	p, err := registry.ImportRows(ctx, db, path, cols, required, func(tx *store.Tx, r *registry.FileRow) error {
		im.tx, im.r, im.bad = tx, r, false
		if save := spec.row(im); !im.bad && save != nil {
			saves = append(saves, save)
		}
		return nil
	}, func(tx *store.Tx) error {
		for _, save := range saves {
			if err := save(); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Event{Action: "entity.import", Entity: "entity_" + kind, Region: scope.Prefix(),
			Detail: map[string]any{"kind": kind, "rows": len(saves)}})
	})
	res := ImportResult{Problems: p}
	if err == nil {
		res.Rows = len(saves)
	}
	return res, err
}

// specs are the templates by kind.
func specs() map[string]kindSpec {
	return map[string]kindSpec{
		FileEntities:   {entityColumns, (*importer).entityRow},
		FileLinks:      {linkColumns, (*importer).linkRow},
		FileShares:     {shareColumns, (*importer).shareRow},
		FileAgreements: {agreementColumns, (*importer).agreementRow},
		FilePayouts:    {payoutColumns, (*importer).payoutRow},
	}
}

// The columns every household file has.
var (
	colEntity    = column{[]string{"主体名称", "经营主体名称"}, true}
	colHousehold = column{[]string{"户编号"}, true}
)

// household finds the household of scope with the current row's 户编号;
// ok is false (with the problem recorded) when there is none.
func (im *importer) household() (id int64, region string, ok bool) {
	code := im.cell(colHousehold.names[0])
	if code == "" {
		im.issue(colHousehold.names[0], "户编号为空")
		return 0, "", false
	}
	where, args, err := im.scope.Where("region_code")
	if err == nil {
		err = im.tx.QueryRowContext(im.ctx, "SELECT id, region_code FROM households WHERE code = ? AND "+where,
			append([]any{code}, args...)...).Scan(&id, &region)
	}
	if errors.Is(err, sql.ErrNoRows) {
		im.issue(colHousehold.names[0], "未找到此户编号的农户（或不在权限范围内）")
		return 0, "", false
	}
	if err != nil {
		im.issue(colHousehold.names[0], "查询农户失败："+err.Error())
		return 0, "", false
	}
	return id, region, true
}

// entityID finds the entity with the current row's name; ok is false (with
// the problem recorded) when there is none.
func (im *importer) entityID() (int64, bool) {
	name := im.cell(colEntity.names[0])
	if name == "" {
		im.issue(colEntity.names[0], "主体名称为空")
		return 0, false
	}
	if id, ok := im.entities[name]; ok {
		return id, true
	}
	var id int64
	err := im.tx.QueryRowContext(im.ctx, "SELECT id FROM entities WHERE name = ?", name).Scan(&id)
	if err == nil {
		im.entities[name] = id
	}
	if errors.Is(err, sql.ErrNoRows) {
		im.issue(colEntity.names[0], "未找到此经营主体，请先导入经营主体名录")
		return 0, false
	}
	if err != nil {
		im.issue(colEntity.names[0], "查询经营主体失败："+err.Error())
		return 0, false
	}
	return id, true
}

// fieldIssues records the reasons of a Check in the columns of their
// fields (cols maps a field to its column; others go to fallback).
func (im *importer) fieldIssues(err error, cols map[string]string, fallback string) {
	e, ok := fault.As(err)
	if !ok {
		return
	}
	fields := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		c, ok := cols[f]
		if !ok {
			c = fallback
		}
		im.issue(c, e.Fields[f].Zh)
	}
}
