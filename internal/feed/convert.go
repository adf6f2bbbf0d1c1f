package feed

import (
	"sync/atomic"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	"fangpin/internal/tabular"
)

// commonCols are the columns every feed table starts with. A converted row
// holds their values in this order, file_id only when the inserter asks for
// it (COPY); SQLite's INSERT carries the file's id as a literal.
var commonCols = []string{"file_id", "row_no", "person_id", "id_idx", "id_masked"}

// keepMatchedIndex: when false, a matched row stores an empty id_idx (the
// person is known; only unmatched rows need the index, for Rematch): a
// third less to write for the usual, mostly matched file.
const keepMatchedIndex = false

// batch is a converted chunk: the values of its valid rows, ready to
// insert, or its problems.
type batch struct {
	seq     int
	n       int   // rows read
	rows    int   // rows converted
	matched int   // of rows, those matched to a person
	args    []any // converter.width() values per row
	issues  []Issue
	nIssues int
}

// converter checks and converts rows; it is shared by the workers and only
// read by them, except rejected.
type converter struct {
	l        *layout
	names    []string // header of each layout slot, for messages
	keys     *pii.Keys
	lead     []any // values before row_no: the file's id, or nothing
	now      time.Time
	today    civil.Date
	max      int
	p        *pipeline
	rejected atomic.Bool // a problem was found: stop converting, only check
}

func newConverter(l *layout, header []string, keys *pii.Keys, lead []any, opt Options) *converter {
	names := make([]string, len(l.pos))
	for i, pos := range l.pos {
		switch {
		case pos >= 0 && pos < len(header):
			names[i] = header[pos]
		case i == 0:
			names[i] = l.spec.idName
		default:
			names[i] = l.spec.cols[i-1].name
		}
	}
	return &converter{l: l, names: names, keys: keys, lead: lead, now: opt.Now,
		today: civil.DateOf(opt.Now), max: opt.MaxIssues}
}

// width is the number of values of a converted row.
func (cv *converter) width() int { return len(cv.lead) + len(commonCols) - 1 + len(cv.l.spec.cols) }

// convert checks every row of c; while the file has no problem it also
// indexes and matches the rows and lays out their values.
func (cv *converter) convert(c *chunk) *batch {
	w, n := cv.l.width(), len(c.lines)
	b := &batch{seq: c.seq, n: n}
	keep := !cv.rejected.Load()
	var idxs []string
	if keep {
		b.args = make([]any, 0, n*cv.width())
		idxs = make([]string, 0, n)
	}
	vals := make([]any, len(cv.l.spec.cols))
	for r := range n {
		number, ok := cv.row(b, c.cells[r*w:(r+1)*w], c.lines[r], vals)
		if !ok || !keep || b.nIssues > 0 {
			continue
		}
		idxs = append(idxs, cv.keys.Index(number))
		b.args = append(b.args, cv.lead...)
		b.args = append(b.args, int64(c.lines[r]), nil, nil, idcard.Mask(number))
		b.args = append(b.args, vals...)
	}
	if !keep || b.nIssues > 0 {
		b.args = nil
		return b
	}
	cv.match(b, idxs)
	return b
}

// match sets person_id of the rows whose index is a registered person's,
// and id_idx.
func (cv *converter) match(b *batch, idxs []string) {
	persons := cv.p.match()
	b.rows = len(idxs)
	if persons == nil { // failed to load: the writer reports it and the import rolls back
		return
	}
	w, at := cv.width(), len(cv.lead)+1 // person_id, then id_idx
	for j, idx := range idxs {
		row := b.args[j*w : (j+1)*w]
		id, ok := persons.find(hexKey(idx))
		switch {
		case !ok:
			row[at+1] = idx
		case keepMatchedIndex:
			row[at], row[at+1] = id, idx
			b.matched++
		default:
			row[at], row[at+1] = id, ""
			b.matched++
		}
	}
}

// row checks one row's cells into vals and returns the normalised ID
// number; problems go to b.
func (cv *converter) row(b *batch, cells []string, line int, vals []any) (string, bool) {
	ok := true
	var number string
	if cells[0] == "" {
		ok = cv.issue(b, line, 0, errEmpty.Error())
	} else if info, err := idcard.Parse(cells[0], cv.now); err != nil {
		ok = cv.issue(b, line, 0, err.Error())
	} else {
		number = info.Number
	}
	cols := cv.l.spec.cols
	for i := range cols {
		v, err := cellValue(&cols[i], cells[1+i], cv.today)
		if err != nil {
			ok = cv.issue(b, line, 1+i, err.Error())
			continue
		}
		vals[i] = v
	}
	if ok && cv.l.spec.check != nil {
		if i, err := cv.l.spec.check(vals); err != nil {
			ok = cv.issue(b, line, 1+i, err.Error())
		}
	}
	return number, ok
}

// issue records a problem with layout slot of a row; it returns false.
func (cv *converter) issue(b *batch, line, slot int, msg string) bool {
	b.nIssues++
	if len(b.issues) < cv.max {
		b.issues = append(b.issues, Issue{Row: line, Col: cv.l.pos[slot], Column: cv.names[slot], Message: tabular.Echo(msg)})
	}
	return false
}

// hexKey decodes the 32 hex digits of a keyed index.
func hexKey(s string) indexKey {
	var k indexKey
	for i := range k {
		k[i] = unhex(s[2*i])<<4 | unhex(s[2*i+1])
	}
	return k
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}
