package feed

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fangpin/internal/idcard"
	"fangpin/internal/tabular"
	"fangpin/internal/testkit"
)

// FuzzFeedRow: any row of any kind's file, read through the table reader
// with the kind's own header, is checked without a panic; a row without
// problems has a valid ID number, and every problem names its row and
// column.
func FuzzFeedRow(f *testing.F) {
	f.Add(uint8(0), id(1)+",2026-01-01,100,50,0,0,50,肺结核")
	f.Add(uint8(2), id(1)+",低保,300,2026-01-01,")
	f.Add(uint8(3), id(2)+",肢体,3级,2025/3/5")
	f.Add(uint8(4), id(1)+",c级,2026年1月2日")
	f.Add(uint8(6), id(1)+",务工,\"=1+1\",13,46086")
	f.Add(uint8(7), "11010519491231002x,20270101")
	keys := testkit.Keys(f)
	f.Fuzz(func(t *testing.T, k uint8, line string) {
		kind := Kinds[int(k)%len(Kinds)]
		sp := specs[kind]
		names := []string{sp.idName}
		for _, c := range sp.cols {
			names = append(names, c.name)
		}
		if !utf8.ValidString(line) {
			return // the file would be read as GB18030, header and all
		}
		r, err := tabular.NewCSV(strings.NewReader(strings.Join(names, ",") + "\n" + line + "\n"))
		if err != nil {
			return
		}
		l, issues, _ := newLayout(kind, r.Header)
		if len(issues) > 0 {
			t.Fatalf("%s: its own header has problems: %v", kind, issues)
		}
		rec, row, err := r.Next()
		if err != nil {
			return
		}
		cv := newConverter(l, r.Header, keys, nil, Options{Now: now, MaxIssues: 10})
		cells := make([]string, len(l.pos))
		for i, pos := range l.pos {
			cells[i] = tabular.Cell(rec, pos)
		}
		b := &batch{}
		number, ok := cv.row(b, cells, row, make([]any, len(sp.cols)))
		for _, is := range b.issues {
			if is.Row != row || is.Message == "" || is.Column == "" {
				t.Fatalf("%s: issue %+v", kind, is)
			}
		}
		if ok && b.nIssues == 0 {
			if _, err := idcard.Parse(number, now); err != nil {
				t.Fatalf("%s: accepted ID %q: %v", kind, number, err)
			}
		}
	})
}
