package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/store"
	"fangpin/internal/tabular"
)

// ErrRejected is returned when an all-or-nothing import found invalid rows
// and stored nothing.
var ErrRejected = fault.Invalidt("导入文件有错误，未导入任何数据", "The file has errors: nothing was imported")

// ImportOptions tune an import.
type ImportOptions struct {
	SkipInvalid bool      // store valid households, reject those with a bad row
	Rejects     io.Writer // with SkipInvalid: rejected rows with reasons, as CSV
	IncomeYear  int       // year of 人均纯收入 when the file has no 收入年度 column (default: last year)
	Now         time.Time // the import's clock (default: time.Now)
	Source      string    // recorded in the monitoring history (default "import")
	FileName    string    // named in the audit entry (default: the path's base name)
}

// ImportResult reports what an import did.
type ImportResult struct {
	Encoding            string
	Rows                int
	Households          int
	Persons             int
	HouseholdsInserted  int
	HouseholdsUpdated   int
	HouseholdsUnchanged int
	PersonsInserted     int
	PersonsUpdated      int
	PersonsUnchanged    int
	PersonsLeft         int // stored members no longer listed in their household
	RejectedHouseholds  int
	RejectedRows        int
	Issues              []Issue // the first MaxIssues problems, in file order
	IssueCount          int     // all problems found
	Warnings            []string
}

// MaxIssues is how many problems an ImportResult lists; all are counted.
const MaxIssues = 1000

// addIssues counts problems and keeps the first MaxIssues.
func (r *ImportResult) addIssues(is ...Issue) {
	r.IssueCount += len(is)
	for _, x := range is[:min(max(MaxIssues-len(r.Issues), 0), len(is))] {
		x.Message = tabular.Echo(x.Message)
		r.Issues = append(r.Issues, x)
	}
}

// rejectFile makes a file that cannot be read as a table (tabular.ErrFile)
// the import's one problem: the file is rejected, exit code 3.
func rejectFile(res *ImportResult, err error) error {
	if !errors.Is(err, tabular.ErrFile) {
		return err
	}
	res.Issues, res.IssueCount = nil, 0
	res.addIssues(Issue{Row: 0, Col: -1, Message: err.Error()})
	return ErrRejected
}

// Importer loads household template files into the registry.
type Importer struct {
	db    *store.DB
	keys  *pii.Keys
	scope store.Scope
}

// NewImporter returns an importer that writes only inside scope.
func NewImporter(db *store.DB, keys *pii.Keys, scope store.Scope) *Importer {
	return &Importer{db: db, keys: keys, scope: scope}
}

// ImportFile validates the whole file first (pass 1), then stores it in one
// transaction (pass 2). Memory grows with the number of households and ID
// numbers kept for the uniqueness checks, not with the file's rows.
func (im *Importer) ImportFile(ctx context.Context, path string, opt ImportOptions) (*ImportResult, error) {
	if !im.scope.Valid() {
		return nil, store.ErrNoScope
	}
	opt.defaults()
	res := &ImportResult{}
	var v *validation
	if opt.SkipInvalid {
		// two passes: the rejected households must be known before writing
		var err error
		if v, err = im.validate(ctx, path, opt, res); err != nil {
			return res, rejectFile(res, err)
		}
	}
	digest, _, err := tabular.Digest(path)
	if err != nil {
		return res, fmt.Errorf("打开%s: %w", filepath.Base(path), err)
	}
	err = im.db.Transact(ctx, func(tx *store.Tx) error {
		if err := im.store(ctx, tx, path, opt, v, res); err != nil {
			return err
		}
		return recordImport(ctx, tx, path, digest, opt, res)
	})
	if err == nil && res.IssueCount > 0 && !opt.SkipInvalid {
		err = ErrRejected // cannot happen: store rolls back; kept as a guard
	}
	return res, rejectFile(res, err)
}

// recordImport writes the import's audit entry in its transaction: a
// committed import always has its entry.
func recordImport(ctx context.Context, tx *store.Tx, path, digest string, opt ImportOptions, res *ImportResult) error {
	name := opt.FileName
	if name == "" {
		name = filepath.Base(path)
	}
	return audit.Record(ctx, tx, audit.Event{Action: "household.import", Entity: "file", EntityID: name,
		Detail: map[string]any{"sha256": digest, "rows": res.Rows, "encoding": res.Encoding,
			"households_inserted": res.HouseholdsInserted, "households_updated": res.HouseholdsUpdated,
			"persons_inserted": res.PersonsInserted, "persons_updated": res.PersonsUpdated,
			"persons_left": res.PersonsLeft, "rejected_households": res.RejectedHouseholds}})
}

// ImportTx stores a small file all-or-nothing inside the caller's
// transaction (a household registered from a form, with what else the form
// does): its rows are checked as by ImportFile, and any problem is
// ErrRejected with the issues in the result.
func (im *Importer) ImportTx(ctx context.Context, tx *store.Tx, path string, opt ImportOptions) (*ImportResult, error) {
	if !im.scope.Valid() {
		return nil, store.ErrNoScope
	}
	opt.SkipInvalid = false
	opt.defaults()
	res := &ImportResult{}
	return res, im.store(ctx, tx, path, opt, nil, res)
}

func (opt *ImportOptions) defaults() {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.IncomeYear == 0 {
		opt.IncomeYear = opt.Now.Year() - 1
	}
	if opt.Source == "" {
		opt.Source = "import"
	}
}

// open opens the file and maps its columns.
func open(path string) (*tabular.Reader, *layout, []Issue, error) {
	t, err := tabular.Open(path)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("打开%s: %w", filepath.Base(path), err)
	}
	l, issues := newLayout(t)
	return t, l, issues, nil
}

// regionChecker resolves and checks the region of each row, with caches.
type regionChecker struct {
	q        store.Querier
	scope    store.Scope
	resolver *region.Resolver
	codes    map[string]string // code → "" when fine, else the problem
}

func newRegionChecker(q store.Querier, scope store.Scope) *regionChecker {
	return &regionChecker{q: q, scope: scope, resolver: region.NewResolver(q), codes: map[string]string{}}
}

// resolve returns the village code of a row, or the problem with it.
func (rc *regionChecker) resolve(ctx context.Context, r *record, byName bool) (string, string) {
	code := r.hh.RegionCode
	if byName {
		c, err := rc.resolver.Resolve(ctx, r.regionQ[0], r.regionQ[1], r.regionQ[2], r.regionQ[3], r.regionQ[4])
		if err != nil {
			return "", err.Error()
		}
		code = c
	}
	if code == "" {
		return "", ""
	}
	problem, ok := rc.codes[code]
	if !ok {
		problem = rc.check(ctx, code)
		rc.codes[code] = problem
	}
	return code, problem
}

func (rc *regionChecker) check(ctx context.Context, code string) string {
	reg, err := region.Find(ctx, rc.q, code)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "区划代码" + code + "不存在（请先导入区划）"
	case err != nil:
		return "查询区划失败：" + err.Error()
	case reg.Level != region.LevelVillage:
		return "区划代码" + code + "（" + reg.Name + "）不是村级区划"
	case !rc.scope.Contains(code):
		return "区划" + reg.Name + "不在您的管辖范围内"
	}
	if m, merged, err := region.MergedInto(ctx, rc.q, code); err != nil {
		return "查询区划失败：" + err.Error()
	} else if merged {
		return "区划代码" + code + "（" + reg.Name + "）已于" + m.On + "并入" + m.Into + "，请使用合并后的区划代码"
	}
	return ""
}

// rejectWriter writes the rejected rows with their reasons as a CSV table
// (export.CSV: a BOM for Excel, and text a spreadsheet would run as a
// formula, such as "=HYPERLINK(…)" typed into a name, made inert).
type rejectWriter struct {
	w    io.Writer
	t    *export.CSV
	vals []any
}

func newRejectWriter(w io.Writer) *rejectWriter {
	if w == nil {
		return nil
	}
	return &rejectWriter{w: w}
}

// write writes one rejected row; the table's columns are the file's header
// after 原行号 and 错误原因, and a row is cut or padded to them.
func (rw *rejectWriter) write(header, rec []string, row int, reason string) error {
	if rw == nil {
		return nil
	}
	if rw.t == nil {
		cols := []export.Column{{Header: "原行号"}, {Header: "错误原因"}}
		for _, h := range header {
			cols = append(cols, export.Column{Header: h})
		}
		rw.t, rw.vals = export.NewCSV(rw.w, cols), make([]any, len(cols))
	}
	rw.vals[0], rw.vals[1] = strconv.Itoa(row), reason
	for i := range header {
		rw.vals[2+i] = ""
		if i < len(rec) {
			rw.vals[2+i] = rec[i]
		}
	}
	return rw.t.Row(rw.vals...)
}

func (rw *rejectWriter) flush() error {
	if rw == nil || rw.t == nil {
		return nil
	}
	return rw.t.Close()
}

// WriteRejectsFile is a helper for the command line: it creates path and
// returns the writer and a close function.
func WriteRejectsFile(path string) (io.Writer, func() error, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}
