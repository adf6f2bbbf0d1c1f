package registry

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"fangpin/internal/tabular"
)

// hhState is what pass 1 keeps per household: enough to check the rows of a
// household against each other and to store its member counts.
type hhState struct {
	id       int64 // assigned by the producer when importing into an empty registry
	firstRow int32
	headRow  int32
	heads    int16
	rows     int16
	chronic  int16 // members with 长期慢性病 and not 患有大病
	major    int16 // members with 患有大病
	bad      bool
	emitted  bool   // sent to the writer
	keyHash  uint64 // FNV-1a of the household columns of its first row
}

// validation is the outcome of pass 1.
type validation struct {
	// the household columns of the most recent household's first row, for a
	// precise message when a row of that household disagrees; households
	// whose rows are scattered are compared by hash only
	lastCode, lastKey string
	households        map[string]*hhState
	rowIssues         map[int]string // each bad row's reasons, only when rejects are written
	slab              []hhState      // where new states are taken from, a block at a time
}

// newState returns a new household state from a block of them: one object
// for thousands of households, and no pointers for the collector to follow.
func (v *validation) newState() *hhState {
	if len(v.slab) == cap(v.slab) {
		v.slab = make([]hhState, 0, 4096)
	}
	v.slab = v.slab[:len(v.slab)+1]
	return &v.slab[len(v.slab)-1]
}

// note records problems in the result and, when rejects are written, beside
// their rows.
func (v *validation) note(res *ImportResult, is ...Issue) {
	res.addIssues(is...)
	if v.rowIssues == nil {
		return
	}
	for _, x := range is {
		if old := v.rowIssues[x.Row]; old != "" {
			v.rowIssues[x.Row] = old + "；" + x.String()
		} else {
			v.rowIssues[x.Row] = x.String()
		}
	}
}

// checker validates rows one by one and keeps the cross-row state.
type checker struct {
	l   *layout
	p   *rowParser
	rc  *regionChecker
	v   *validation
	ids idRows
}

// idRows holds the first row of every ID number of the file. An 18-place
// number is kept as the integer of its first 17 digits (the 18th is their
// check character): a map without pointers, which the garbage collector
// does not scan, half the size of one keyed by the text.
type idRows struct {
	num   map[uint64]int32
	other map[string]int32 // anything else (none, when idcard.Parse has passed)
}

// first records row as the first of id, or returns the earlier row.
func (m *idRows) first(id string, row int) (int, bool) {
	if n, ok := idNumber(id); ok {
		if r, dup := m.num[n]; dup {
			return int(r), true
		}
		m.num[n] = int32(row)
		return 0, false
	}
	if r, dup := m.other[id]; dup {
		return int(r), true
	}
	m.other[strings.Clone(id)] = int32(row)
	return 0, false
}

func idNumber(id string) (uint64, bool) {
	if len(id) != 18 {
		return 0, false
	}
	var n uint64
	for i := range 17 {
		c := id[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

func (im *Importer) newChecker(l *layout, opt ImportOptions) *checker {
	return &checker{l: l, p: &rowParser{l: l, now: opt.Now, incomeYear: opt.IncomeYear},
		rc: newRegionChecker(im.db.Reader(), im.scope), v: &validation{households: map[string]*hhState{}},
		ids: idRows{num: map[uint64]int32{}, other: map[string]int32{}}}
}

// check parses and validates one row; the record's region code is resolved.
func (c *checker) check(ctx context.Context, rec []string, row int) (record, []Issue) {
	r, issues := c.p.parse(rec, row)
	issues = append([]Issue(nil), issues...)
	if code, problem := c.rc.resolve(ctx, &r, c.l.byName); problem != "" {
		col := ColRegionCode
		if c.l.byName {
			col = ColVillage
		}
		issues = append(issues, Issue{Row: row, Col: c.l.col(col), Column: col, Message: problem})
	} else {
		r.hh.RegionCode = code
	}
	return r, c.v.crossRow(c.l, c.l.householdKey(&c.p.v), row, &r, &c.ids, issues)
}

// header opens the file, reports unknown columns and rejects a file whose
// header lacks required columns.
func header(path string, res *ImportResult) (*tabular.Reader, *layout, error) {
	t, l, headerIssues, err := open(path)
	if err != nil {
		return nil, nil, err
	}
	res.Encoding = t.Encoding
	res.Warnings = tabular.UnknownColumns(l.unknown)
	if len(headerIssues) > 0 {
		t.Close()
		res.addIssues(headerIssues...)
		return nil, nil, ErrRejected
	}
	return t, l, nil
}

// validate is pass 1 of a two-pass import: it checks every row and stores
// nothing.
func (im *Importer) validate(ctx context.Context, path string, opt ImportOptions, res *ImportResult) (*validation, error) {
	t, l, err := header(path, res)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	c := im.newChecker(l, opt)
	if opt.SkipInvalid && opt.Rejects != nil {
		c.v.rowIssues = map[int]string{}
	}
	for {
		rec, row, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		res.Rows++
		_, issues := c.check(ctx, rec, row)
		c.v.note(res, issues...)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	c.v.finish(l, res)
	return c.v, nil
}

// crossRow applies the checks that need other rows: ID uniqueness, one head
// per household and household columns that agree.
func (v *validation) crossRow(l *layout, key string, row int, r *record, ids *idRows, issues []Issue) []Issue {
	if r.p.ID != "" {
		if first, dup := ids.first(r.p.ID, row); dup {
			issues = append(issues, Issue{Row: row, Col: l.col(ColID), Column: ColID,
				Message: fmt.Sprintf("证件号码与第%d行重复", first)})
		}
	}
	if r.hh.Code == "" {
		return issues
	}
	st := v.households[r.hh.Code]
	if st == nil {
		st = v.newState()
		st.firstRow, st.keyHash = int32(row), hashKey(key)
		v.lastCode, v.lastKey = r.hh.Code, key
		v.households[strings.Clone(r.hh.Code)] = st // a clone: the code must not pin the whole CSV line
	} else if st.keyHash != hashKey(key) {
		issues = append(issues, v.disagreement(l, r.hh.Code, row, int(st.firstRow), key)...)
	}
	if r.p.Relation == HeadRelation {
		st.heads++
		if st.heads == 2 {
			issues = append(issues, Issue{Row: row, Col: l.col(ColRelation), Column: ColRelation,
				Message: fmt.Sprintf("一户只能有一个户主，本户第%d行已是户主", st.headRow)})
		} else if st.heads == 1 {
			st.headRow = int32(row)
		}
	}
	st.rows++
	if r.p.Major {
		st.major++
	} else if r.p.Chronic {
		st.chronic++
	}
	if len(issues) > 0 {
		st.bad = true
	}
	return issues
}

// hashKey is the FNV-1a hash of a household key.
func hashKey(k string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(k); i++ {
		h ^= uint64(k[i])
		h *= 1099511628211
	}
	return h
}

// disagreement names the household columns in which a row differs from the
// household's first row.
func (v *validation) disagreement(l *layout, code string, row, first int, key string) []Issue {
	if code != v.lastCode {
		return []Issue{{Row: row, Col: -1, Column: ColCode,
			Message: fmt.Sprintf("同一户的户级信息应一致：本行与本户第%d行的户级信息（区划、户类型、电话、收入、监测信息等）不一致", first)}}
	}
	a, b := strings.Split(v.lastKey, "\x1f"), strings.Split(key, "\x1f")
	var out []Issue
	for i, id := range l.hhFields {
		if c := colNames[id]; a[i] != b[i] {
			out = append(out, Issue{Row: row, Col: l.col(c), Column: c,
				Message: fmt.Sprintf("同一户的户级信息应一致：本行为“%s”，第%d行为“%s”", b[i], first, a[i])})
		}
	}
	return out
}

// finish flags households without a head and sorts the issues by row.
func (v *validation) finish(l *layout, res *ImportResult) {
	if res.Rows == 0 {
		v.note(res, Issue{Row: 0, Col: -1, Message: "文件中没有数据行"})
	}
	for code, st := range v.households {
		if st.heads == 0 {
			v.note(res, Issue{Row: int(st.firstRow), Col: l.col(ColRelation), Column: ColRelation,
				Message: fmt.Sprintf("户编号%s没有户主（每户必须有且只有一个“与户主关系”为“户主”的成员）", code)})
			st.bad = true
		}
		if st.bad {
			res.RejectedHouseholds++
		}
	}
	sort.SliceStable(res.Issues, func(i, j int) bool { return res.Issues[i].Row < res.Issues[j].Row })
}
