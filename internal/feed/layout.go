package feed

import (
	"strings"

	"fangpin/internal/registry"
	"fangpin/internal/tabular"
)

// Issue is one problem found in a feed file; it prints as the household
// import's problems do: 第N行 X列「列名」：原因 (the caller puts the file name
// in front).
type Issue = registry.Issue

// layout maps a spec's columns to their positions in one file.
type layout struct {
	spec *spec
	// pos[0] is the file column of the ID number, pos[1+i] that of
	// spec.cols[i] (-1 for an optional column the file lacks).
	pos []int
}

// normalizeHeader returns the name the spec knows column h by, dropping a unit
// suffix such as "（元）".
func normalizeHeader(h string) string {
	for _, unit := range []string{"（元）", "(元)", "（月）", "(月)"} {
		h = strings.TrimSuffix(h, unit)
	}
	return strings.TrimSpace(h)
}

// newLayout maps header onto the kind's columns. It returns the problems
// that stop the import (a required column missing) and warnings (unknown
// columns, ignored).
func newLayout(k Kind, header []string) (*layout, []Issue, []string) {
	sp := specs[k]
	at := map[string]int{}
	for i, h := range header {
		if n := normalizeHeader(h); n != "" {
			if _, dup := at[n]; !dup {
				at[n] = i
			}
		}
	}
	l := &layout{spec: sp, pos: make([]int, 1+len(sp.cols))}
	used := map[int]bool{}
	var issues []Issue
	find := func(names ...string) int {
		for _, n := range names {
			if i, ok := at[n]; ok {
				used[i] = true
				return i
			}
		}
		return -1
	}
	if l.pos[0] = find(append([]string{sp.idName}, sp.idAliases...)...); l.pos[0] < 0 {
		issues = append(issues, missing(sp.idName))
	}
	for i, c := range sp.cols {
		if l.pos[1+i] = find(c.name); l.pos[1+i] < 0 && !c.optional {
			issues = append(issues, missing(c.name))
		}
	}
	var unknown []string
	for i, h := range header {
		if h != "" && !used[i] {
			unknown = append(unknown, h)
		}
	}
	return l, issues, tabular.UnknownColumns(unknown)
}

func missing(name string) Issue {
	return Issue{Row: 0, Col: -1, Column: name, Message: "缺少必需的列「" + name + "」"}
}

// width is the number of cells the reader keeps per row.
func (l *layout) width() int { return len(l.pos) }
