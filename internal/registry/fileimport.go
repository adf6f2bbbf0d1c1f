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
