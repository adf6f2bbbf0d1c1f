package visit

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// compute judges every group over the scope s: the facts of its
// households are read once, each household is then judged by the settings
// in force in its region. It returns the entries of the households listed,
// without their visits, by village and household code.
func compute(ctx context.Context, q store.Querier, s store.Scope, asOf time.Time) ([]Entry, error) {
	st, err := groupSettings(ctx, q, s)
	if err != nil {
		return nil, err
	}
	c := clockOf(asOf)
	hs, err := gather(ctx, q, s, st, c)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(hs))
	for _, h := range hs {
		if e, ok := judge(h, st.inForce(h.region, c)); ok {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b Entry) int {
		return cmp.Or(strings.Compare(a.Region, b.Region), strings.Compare(a.Code, b.Code))
	})
	return out, nil
}

// judge lists h for the enabled groups it is in: the shortest interval of
// theirs applies, at most the monitored interval when h is monitored (the
// monitored group enabled or not).
func judge(h *household, rules []rule) (Entry, bool) {
	e := Entry{HouseholdID: h.id, Code: h.code, Region: h.region}
	monitor, monitored := 0, false
	for _, r := range rules {
		if !r.Enabled && r.Code != GroupMonitored || !r.holds(h) {
			continue
		}
		if r.Code == GroupMonitored {
			monitor, monitored = r.IntervalDays, true
			if !r.Enabled {
				continue
			}
		}
		if len(e.Reasons) == 0 || r.IntervalDays < e.IntervalDays {
			e.IntervalDays = r.IntervalDays
		}
		e.Reasons = append(e.Reasons, Reason{Code: r.Code, Label: r.Label})
	}
	if monitored && monitor < e.IntervalDays {
		e.IntervalDays = monitor
	}
	return e, len(e.Reasons) > 0
}

// household is what the groups are computed from, for one household of a
// scope: its current members (active persons) and department data, read by
// a few set-based queries (see facts). Only households with something on
// record are known.
type household struct {
	id           int64
	region, code string

	ill, dibao bool  // a current member with a serious or chronic illness; on 低保
	tekunAlone bool  // one current member, and on 特困
	pupils     int   // current members in school
	work       []int // work months of current members (those read: see facts.persons)

	disabled       []int64 // current members disabled in the registry
	disabledNoCert bool    // one of them has no certificate on file
	certs          bool    // a current member has a certificate (feed_disability)
	minGrade       int     // the most severe grade of their certificates
	lastIssued     int     // the latest issue date (YYYYMMDD) up to the day of the list; 0 when none

	lastJobless int  // the latest 失业 report of a current member in the widest window; 0 when none
	lastEvent   int  // the latest disaster or death in the household in the widest window; 0 when none
	warned      bool // an open department warning
	monitored   bool // under monitoring now, with a category

	income *income // the latest income, when it may be low (nil otherwise)
}

// income is a household's latest 人均纯收入 of a year up to the list's,
// the year before's (prev, hasPrev), and the monitoring line of the year
// in force in its region.
type income struct {
	fen, prevFen, lineFen int64
	hasPrev               bool
}

// clock is the day of a list: asOf, and the same as feed tables store it.
type clock struct {
	asOf  time.Time
	today int
}

func clockOf(asOf time.Time) clock { return clock{asOf: asOf, today: int(civil.DateOf(asOf))} }

// since is the day before a window of recent feed rows of months starts.
func (c clock) since(months int) int { return int(civil.DateOf(c.asOf.AddDate(0, -months, 0))) }

// rule is a group setting in force in a region, with the day before its
// window of recent feed rows starts (up to the day of the list).
type rule struct {
	Group
	since int
}

// holds reports whether h is in the group: the definitions of the groups
// (see the Group constants).
func (g rule) holds(h *household) bool {
	switch g.Code {
	case GroupLowIncome:
		return h.income != nil && h.income.low(g.Group)
	case GroupIllness:
		return h.ill
	case GroupTekunAlone:
		return h.tekunAlone
	case GroupDibao:
		return h.dibao
	case GroupDisability:
		return h.disabledNoCert || h.certs && (h.minGrade <= g.Param("max_grade") || h.lastIssued > g.since)
	case GroupSchooling:
		return h.pupils >= g.Param("min_children")
	case GroupMigrant:
		return h.works(g.Param("min_months"), g.Param("max_months")) || h.lastJobless > g.since
	case GroupEvent:
		return h.lastEvent > g.since
	case GroupWarning:
		return h.warned
	case GroupMonitored:
		return h.monitored
	}
	return false
}

// works reports whether a current member worked away lo..hi months.
func (h *household) works(lo, hi int) bool {
	for _, m := range h.work {
		if m >= lo && m <= hi {
			return true
		}
	}
	return false
}

// low: below the line × line_pct %, or fallen by more than drop_pct % from
// the year before (when that year's income was positive).
func (i *income) low(g Group) bool {
	return i.fen*100 < int64(g.Param("line_pct"))*i.lineFen ||
		i.hasPrev && i.prevFen > 0 && i.fen*100 < i.prevFen*int64(100-g.Param("drop_pct"))
}
