package water

import (
	"context"
	"errors"
	"io"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/tabular"
)

// Kinds of import file (docs/formats.md, "Water supply").
const (
	KindSchemes  = "schemes"
	KindSamples  = "samples"
	KindProblems = "problems"
)

// Kinds are the kinds of import file, in the order they are imported.
var Kinds = []string{KindSchemes, KindSamples, KindProblems}

// The columns of the import files; the first name is the template's.
var (
	colCode       = []string{"工程编号", "供水工程编号"}
	colName       = []string{"工程名称", "供水工程名称"}
	colKind       = []string{"供水方式", "工程类型"}
	colRegion     = []string{"行政区划代码", "村代码"}
	colServed     = []string{"受益户数", "供水户数"}
	colHouseholds = []string{"户编号"}
	colDay        = []string{"检测日期", "抽检日期"}
	colResult     = []string{"检测结果", "抽检结果"}
	colItem       = []string{"检测项目"}
	colSource     = []string{"来源", "问题来源"}
	colDesc       = []string{"问题描述"}
	colReported   = []string{"发现日期", "反映日期"}
	colResolved   = []string{"解决日期"}
	colReporter   = []string{"记录人"}
	colResolver   = []string{"解决人"}
	colResolution = []string{"处理情况"}
)

// template is an import file's columns, the required ones first.
type template struct {
	required, optional [][]string
}

var templates = map[string]template{
	KindSchemes:  {[][]string{colCode, colName, colKind, colRegion, colServed}, [][]string{colHouseholds}},
	KindSamples:  {[][]string{colCode, colDay, colResult}, [][]string{colItem}},
	KindProblems: {[][]string{colSource, colDesc, colReported}, [][]string{colCode, colHouseholds, colResolved, colReporter, colResolver, colResolution}},
}

// maxIssues is how many problems an import lists (all are counted).
const maxIssues = 1000

// ImportResult is what an import did or found.
type ImportResult struct {
	Rows    int              // rows stored (0 when rejected)
	Skipped int              // problems already stored, left as they are
	Issues  []registry.Issue // the first maxIssues problems
	Count   int              // all problems
}

// ErrRejected is the error of a file with problems: nothing was stored.
var ErrRejected = registry.ErrRejected

// importRun is one import: the file, its columns, the problems found.
type importRun struct {
	ctx   context.Context
	tx    *store.Tx
	scope store.Scope
	by    string
	cols  map[string]int
	rec   []string
	row   int
	res   *ImportResult

	schemes  map[string]*pendingScheme // by code
	order    []string                  // scheme codes in file order
	samples  []Sample
	problems []Problem
	known    map[string]int64 // scheme code → id, as looked up
}

// cell is the value of column c in the current row.
func (r *importRun) cell(c []string) string { return tabular.Cell(r.rec, r.cols[c[0]]) }

// bad records a problem of column c in the current row.
func (r *importRun) bad(c []string, msg string) { r.issue(r.row, r.cols[c[0]], c, msg) }

func (r *importRun) issue(row, col int, names []string, msg string) {
	r.res.Count++
	if len(r.res.Issues) < maxIssues {
		r.res.Issues = append(r.res.Issues, registry.Issue{Row: row, Col: col, Column: names[0], Message: msg})
	}
}

// Import reads a file of kind (KindSchemes, KindSamples or KindProblems;
// CSV or XLSX) and stores every row, all or nothing, in one transaction
// with its audit entry. Every village, scheme and household a row names
// must lie in scope.
func Import(ctx context.Context, db *store.DB, scope store.Scope, kind, path, by string) (ImportResult, error) {
	if !scope.Valid() {
		return ImportResult{}, store.ErrNoScope
	}
	tpl, ok := templates[kind]
	if !ok {
		return ImportResult{}, fault.Invalidf("kind", "导入类型应为 schemes、samples 或 problems", "the kind must be schemes, samples or problems")
	}
	t, err := tabular.Open(path)
	if err != nil {
		return ImportResult{}, fault.Invalidt("无法读取文件：%v", "cannot read the file: %v", err)
	}
	defer t.Close()
	var res ImportResult
	r := &importRun{ctx: ctx, scope: scope, by: by, cols: map[string]int{}, res: &res}
	for _, c := range append(append([][]string{}, tpl.required...), tpl.optional...) {
		r.cols[c[0]] = t.Column(c...)
	}
	for _, c := range tpl.required {
		if r.cols[c[0]] < 0 {
			r.issue(1, -1, c, "缺少必填列「"+c[0]+"」")
		}
	}
	if kind == KindProblems && r.cols[colCode[0]] < 0 && r.cols[colHouseholds[0]] < 0 {
		r.issue(1, -1, colCode, "缺少「工程编号」或「户编号」列")
	}
	if res.Count > 0 {
		return res, ErrRejected
	}
	row := map[string]func() error{KindSchemes: r.schemeRow, KindSamples: r.sampleRow, KindProblems: r.problemRow}[kind]
	save := map[string]func() (int, error){KindSchemes: r.storeSchemes, KindSamples: r.storeSamples, KindProblems: r.storeProblems}[kind]
	err = db.Transact(ctx, func(tx *store.Tx) error {
		r.tx = tx
		for {
			rec, n, err := t.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return fault.Invalidt("无法读取文件：%v", "cannot read the file: %v", err)
			}
			r.rec, r.row = rec, n
			if err := row(); err != nil {
				return err
			}
		}
		if res.Count > 0 {
			return ErrRejected
		}
		n, err := save()
		if err != nil {
			return err
		}
		if n+res.Skipped == 0 {
			return fault.Invalidt("文件中没有数据行", "the file has no data rows")
		}
		res.Rows = n
		return audit.Record(ctx, tx, audit.Event{Action: "water.import", Entity: "water_" + kind, Region: scope.Prefix(),
			Detail: map[string]int{"rows": n, "skipped": res.Skipped}})
	})
	if err != nil {
		res.Rows = 0
	}
	return res, err
}
