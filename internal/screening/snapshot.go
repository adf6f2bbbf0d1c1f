package screening

import (
	"time"

	"fangpin/internal/incomeline"
)

// snapshot is what one screen reads, held in memory keyed on integer ids:
// households by id, persons by id, feed rows as compact slices. The rules
// are plain functions of it (rules_*.go), testable without a database.
type snapshot struct {
	asOf     time.Time
	day      int                  // asOf as YYYYMMDD
	villages []string             // village codes; index 0 is "no village" (household outside the scope)
	sets     []ruleSet            // the rule versions in force, by village index
	wins     [][9]window          // their look-back windows, by village index
	hh       []hhFacts            // by household id
	income   []income             // by household id
	personHH []int32              // by person id: the person's household id, 0 when unknown
	inactive bitset               // persons who left their household (active = 0)
	facts    map[int32]personFact // persons named by event rows

	medical, education, disability, housing, disaster, employment, death []feedRow

	// the rows read of each feed (feeds order), not yet split by county;
	// a county's view holds its own here until open reads them
	rows [feedKinds]*rowBuffer
	sp   *spill // where rows beyond spillRows wait

	lines     lineSource // the monitoring income line of a village and year
	unmatched int64
	stored    *storedSet // the warnings stored before the run

	// a county's view (county.go): its code, its households (ascending) and
	// each household's index in its county's homes
	county string
	homes  []int32
	local  []int32
}

// hhFacts is what the rules need of a household.
type hhFacts struct {
	village   int32 // index into snapshot.villages; 0 when not loaded
	members   int32 // current members: persons with active = 1
	monitored bool  // under monitoring at as_of
}

// income is a household's 人均纯收入 of its latest year on or before the as_of
// year, and of the year before that one when recorded (year 0: none).
type income struct {
	year, prevYear int32
	fen, prevFen   int64
}

// personFact is what the rules need of a person named by an event row.
type personFact struct {
	birth      int32 // YYYYMMDD, 0 when unknown
	labour     bool  // 劳动技能 is 普通劳动力 or 技能劳动力
	workMonths int32 // 务工时间（月）, 0 when not recorded
}

// feedRow is one matched department row: its id, the person it names, its
// date (YYYYMMDD) and the one value a rule reads: an amount in fen, a
// disability grade, a housing grade (1–4 for A–D) or an employment status
// (workCode, jobLossCode). 24 bytes: millions are held. Its file and line
// are read only for the rows a new warning cites.
type feedRow struct {
	id     int64
	amount int64
	person int32
	day    int32
}

// lineSource tells whether an income (fen) lies below the monitoring line
// of a village (its index and code) in a year, and what that line is.
type lineSource interface {
	below(vi int32, village string, year int, fen int64) (bool, incomeline.Line, error)
}

// household returns the id of the loaded household of a person, or 0 when
// the person is unknown or the household lies outside the scope.
func (s *snapshot) household(person int32) int32 {
	if person <= 0 || int(person) >= len(s.personHH) {
		return 0
	}
	h := s.personHH[person]
	if h <= 0 || int(h) >= len(s.hh) || s.hh[h].village == 0 {
		return 0
	}
	return h
}

// version is the version of rule i (its AllRules index) in force for h.
func (s *snapshot) version(h int32, i int) *RuleVersion { return &s.sets[s.hh[h].village][i] }

// window is the look-back window, ending at as_of, of rule i in force for h.
func (s *snapshot) window(h int32, i int) window { return s.wins[s.hh[h].village][i] }

// setVersions resolves the versions in force for every loaded village.
func (s *snapshot) setVersions(stored []RuleVersion) {
	day := s.asOf.Format(time.DateOnly)
	s.sets, s.wins = make([]ruleSet, len(s.villages)), make([][9]window, len(s.villages))
	for i, code := range s.villages[1:] {
		s.sets[i+1] = resolveAll(stored, code, day)
		for j := range AllRules {
			s.wins[i+1][j] = windowOf(s.asOf, s.sets[i+1][j].WindowMonths)
		}
	}
}

// incomeOf returns the household's income facts (year 0 when none).
func (s *snapshot) incomeOf(h int32) income {
	if int(h) < len(s.income) {
		return s.income[h]
	}
	return income{}
}
