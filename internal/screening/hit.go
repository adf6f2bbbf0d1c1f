package screening

import (
	"cmp"
	"slices"
	"strconv"

	"fangpin/internal/civil"
	"fangpin/internal/incomeline"
)

// MaxEvidenceRows is how many triggering rows a warning stores; Count
// tells how many there were in all.
const MaxEvidenceRows = 50

// Threshold is the setting a warning was raised under: the rule version
// and its values, the window of rows counted, and for income_below_range
// the monitoring line of the income year and the region that set it.
type Threshold struct {
	RuleVersion
	WindowFrom string `json:"window_from,omitempty"` // first day counted, YYYY-MM-DD
	WindowTo   string `json:"window_to,omitempty"`   // last day counted (as_of)
	LineFen    int64  `json:"line_fen,omitempty"`
	LineRegion string `json:"line_region,omitempty"` // "" for the default line
	LineYear   int    `json:"line_year,omitempty"`
}

// EvidenceRef is what triggered a warning: rows of one feed table (Table,
// at most MaxEvidenceRows of them with their file and line, Count in all,
// Files every file with a triggering row), or registry facts (Table
// household_incomes, Facts).
type EvidenceRef struct {
	Table string           `json:"table,omitempty"`
	Rows  []EvidenceRow    `json:"rows,omitempty"`
	Count int              `json:"count,omitempty"`
	Files []int64          `json:"files,omitempty"`
	Facts map[string]int64 `json:"facts,omitempty"`
}

// EvidenceRow is one triggering feed row, a reference: its id in the feed
// table, whose row holds the file, line, person and date (Evidence reads
// them). Warnings stored before December 2026 also carry copies of these.
type EvidenceRow struct {
	ID       int64  `json:"id"`
	FileID   int64  `json:"file_id,omitempty"`
	RowNo    int    `json:"row_no,omitempty"`
	PersonID int64  `json:"person_id,omitempty"`
	Day      string `json:"day,omitempty"` // YYYY-MM-DD
}

// hit is one rule firing for one household at as_of. Its threshold and
// evidence are built only for the warnings a run stores (write.go).
type hit struct {
	household int32
	rule      Rule
	period    string
	person    int64 // the person whose row triggered it; 0 for household-level rules
	version   *RuleVersion
	win       window          // the rows counted; zero for rules without a window
	line      incomeline.Line // income_below_range: the line applied
	figures   map[string]int64
	table     string           // the feed table of rows; "" for registry facts
	rows      []feedRow        // the triggering rows, those to cite first first
	facts     map[string]int64 // registry facts
}

// newHit starts a hit of rule i for h with the version in force.
func (s *snapshot) newHit(h int32, i int, period string) hit {
	x := hit{household: h, rule: AllRules[i], period: period, version: s.version(h, i)}
	if x.version.WindowMonths > 0 {
		x.win = s.window(h, i)
	}
	return x
}

// cite records the triggering rows of a feed table, ordered by less (nil:
// by date) so that the first MaxEvidenceRows are the ones cited.
func (x *hit) cite(table string, rows []feedRow, less func(a, b feedRow) int) {
	if less == nil {
		less = byDay
	}
	x.table, x.rows = table, slices.Clone(rows)
	slices.SortFunc(x.rows, less)
}

// threshold is the Threshold stored with the warning.
func (x *hit) threshold() Threshold {
	t := Threshold{RuleVersion: *x.version}
	if x.win != (window{}) {
		t.WindowFrom, t.WindowTo = civil.Date(x.win.After).AddDays(1).String(), civil.Date(x.win.Through).String()
	}
	if x.line.Fen != 0 {
		t.LineFen, t.LineRegion, t.LineYear = x.line.Fen, x.line.Region, x.line.Year
	}
	return t
}

// files lists, sorted, the feed files of x's rows (their file ids by row
// id in at).
func (x *hit) files(at map[int64]int64) []int64 {
	var out []int64
	for _, r := range x.rows {
		out = append(out, at[r.id])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// cited are the ids of the rows a warning cites: the first MaxEvidenceRows
// of x.rows (the order cite gave), in date order.
func (x *hit) cited() []int64 {
	rows := slices.Clone(x.rows[:min(len(x.rows), MaxEvidenceRows)])
	slices.SortFunc(rows, byDay)
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	return ids
}

// byDay orders rows by date, then id (the later import last).
func byDay(a, b feedRow) int { return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.id, b.id)) }

// byAmount orders rows by amount, largest first.
func byAmount(a, b feedRow) int {
	return cmp.Or(cmp.Compare(b.amount, a.amount), cmp.Compare(a.id, b.id))
}

// latest is the last row in date order.
func latest(rows []feedRow) feedRow { return slices.MaxFunc(rows, byDay) }

func itoa(n int) string { return strconv.Itoa(n) }
