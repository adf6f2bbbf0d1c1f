package registry

import (
	"errors"
	"io"

	"fangpin/internal/fault"
	"fangpin/internal/tabular"
)

// Problems are the problems of an all-or-nothing import of a file of
// rows: the first MaxIssues listed, all counted.
type Problems struct {
	Issues []Issue // the first MaxIssues, in the order found
	Count  int     // all of them
}

// Add counts a problem of a row (1 for the header) at column col (-1 for
// none) of the column named, keeping it when fewer than MaxIssues are kept.
func (p *Problems) Add(row, col int, column, msg string) {
	p.Count++
	if len(p.Issues) < MaxIssues {
		p.Issues = append(p.Issues, Issue{Row: row, Col: col, Column: column, Message: msg})
	}
}

// ReadRows reads every data row of t with read, which reports a row's
// problems to p and says whether the row is kept. Every row is read, so
// that the file's problems are listed together; then a file with any
// problem is ErrRejected, and one without a data row is refused.
func ReadRows[T any](t *tabular.Reader, p *Problems, read func(rec []string, line int) (T, bool, error)) ([]T, error) {
	var out []T
	for {
		rec, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fault.Invalidt("无法读取文件：%v", "cannot read the file: %v", err)
		}
		v, ok, err := read(rec, line)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, v)
		}
	}
	if p.Count > 0 {
		return nil, ErrRejected
	}
	if len(out) == 0 {
		return nil, fault.Invalidt("文件中没有数据行", "the file has no data rows")
	}
	return out, nil
}
