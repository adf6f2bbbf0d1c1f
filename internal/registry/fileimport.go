package registry

import (
	"context"
	"errors"
	"io"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/tabular"
)

// Problems are the problems of an all-or-nothing import: the first
// MaxIssues in the household import's form, and the number of all.
type Problems struct {
	Issues []Issue
	Count  int
}

// FileRow is one data row of an ImportRows file: its cells by column, and where
// its problems go.
type FileRow struct {
	Line int // the row's line, 1 for the header
	rec  []string
	pos  map[*[]string]int
	p    *Problems
}

// Cell is the cell of column c ("" when the file lacks the column).
func (r *FileRow) Cell(c *[]string) string { return tabular.Cell(r.rec, r.pos[c]) }

// Bad records a problem with column c of the row.
func (r *FileRow) Bad(c *[]string, msg string) { r.p.add(r.Line, r.pos[c], (*c)[0], msg) }

func (p *Problems) add(line, col int, column, msg string) {
	p.Count++
	if len(p.Issues) < MaxIssues {
		p.Issues = append(p.Issues, Issue{Row: line, Col: col, Column: column, Message: msg})
	}
}

// ImportRows runs an all-or-nothing import of a CSV or XLSX file in one
// transaction. cols are the columns, each the names it may have (the
// template's first); required those the file must have. row reads one
// data row, recording its problems with Bad; its error is a failure (the
// import stops). When every row is read without a problem and there was at
// least one, commit runs in the same transaction; otherwise nothing is
// stored and the error is ErrRejected (or the fault of a file without data
// rows).
func ImportRows(ctx context.Context, db *store.DB, path string, cols, required []*[]string,
	row func(tx *store.Tx, r *FileRow) error, commit func(tx *store.Tx) error) (Problems, error) {
	var p Problems
	t, err := tabular.Open(path)
	if err != nil {
		return p, fault.Invalidt("无法读取文件：%v", "cannot read the file: %v", err)
	}
	defer t.Close()
	pos := map[*[]string]int{}
	for _, c := range cols {
		pos[c] = t.Column(*c...)
	}
	for _, c := range required {
		if pos[c] < 0 {
			p.add(1, -1, (*c)[0], "缺少必填列「"+(*c)[0]+"」")
		}
	}
	if p.Count > 0 {
		return p, ErrRejected
	}
	err = db.Transact(ctx, func(tx *store.Tx) error {
		rows := 0
		for {
			rec, line, err := t.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return fault.Invalidt("无法读取文件：%v", "cannot read the file: %v", err)
			}
			rows++
			if err := row(tx, &FileRow{Line: line, rec: rec, pos: pos, p: &p}); err != nil {
				return err
			}
		}
		if p.Count > 0 {
			return ErrRejected
		}
		if rows == 0 {
			return fault.Invalidt("文件中没有数据行", "the file has no data rows")
		}
		return commit(tx)
	})
	return p, err
}

// FileResult is what an all-or-nothing import of records did or found: the
// records stored (0 when rejected) and the problems.
type FileResult struct {
	Rows int
	Problems
}

// Record is one row read by ImportRecords: the record, and the key that no
// other row of the file may share.
type Record[T any] struct {
	Value T
	Key   string
}

// ImportRecords is ImportRows for a file whose rows each become one record.
// read reads a row (ok false when it has a problem, told to the row); a row
// whose key an earlier row has gets dup(first row's line) as its problem in
// column keyCol; save stores every record in the transaction, with the
// audit entry.
func ImportRecords[T any](ctx context.Context, db *store.DB, path string, cols, required []*[]string, keyCol *[]string,
	read func(tx *store.Tx, r *FileRow) (Record[T], bool, error), dup func(first int) string,
	save func(tx *store.Tx, records []T) error) (FileResult, error) {
	var records []T
	seen := map[string]int{}
	p, err := ImportRows(ctx, db, path, cols, required, func(tx *store.Tx, r *FileRow) error {
		rec, ok, err := read(tx, r)
		if err != nil || !ok {
			return err
		}
		if first, ok := seen[rec.Key]; ok {
			r.Bad(keyCol, dup(first))
			return nil
		}
		seen[rec.Key] = r.Line
		records = append(records, rec.Value)
		return nil
	}, func(tx *store.Tx) error { return save(tx, records) })
	res := FileResult{Problems: p}
	if err == nil {
		res.Rows = len(records)
	}
	return res, err
}
