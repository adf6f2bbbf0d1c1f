package web

import (
	"cmp"
	"context"
	"net/http"
	"strings"

	"fangpin/internal/auth"
	"fangpin/internal/export"
	"fangpin/internal/monitoring"
	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// maxMine bounds the households whose checks the cadre's page runs one by
// one (a responsible cadre has a handful).
const maxMine = 100

// minePage is the responsible cadre's page (我的帮扶户): the households
// whose current cadre the user is, with their checks; their measures due
// within 30 days; and the visits due — of those households, or of the whole
// village for a village user.
type minePage struct {
	layout
	Tools       listTools // the export and print view of the households
	Households  []mineRow
	Due         []monitoring.Due
	Visits      []visit.Entry
	WholeRegion bool // the visits are the village's, not only the user's households
	Names       map[string]string
}

// mineRow is one of the cadre's households with its fit checks today.
type mineRow struct {
	monitoring.MyHousehold
	Report monitoring.Report
}

// mineList is the first part of the page as a list with its Excel export and
// print view (listSpec): the user's households, with the place, category,
// since when the user is their cadre and their checks today (for the first
// maxMine, as the page). It holds no ID or phone number.
var mineList = &listSpec{name: "mine", path: "/monitoring/mine", title: "mine.title", open: (*Server).openMine}

// handleMyHouseholds serves GET /monitoring/mine.
func (s *Server) handleMyHouseholds(w http.ResponseWriter, r *http.Request) {
	v := &minePage{layout: s.newLayout(w, r, "mine.title", "monitoring"), Tools: s.tools(r, mineList)}
	s.renderPage(w, r, s.fillMine(r.Context(), s.scope(r), currentUser(r), v), "monitoring_mine", v)
}

// openMine is mineList's run: the rows of the page's first table.
func (s *Server) openMine(r *http.Request, tr translator) (listRun, error) {
	ctx, scope, u := r.Context(), s.scope(r), currentUser(r)
	q, today := s.cfg.DB.Reader(), s.today()
	mine, err := monitoring.MyHouseholds(ctx, q, scope, u.ID)
	if err != nil {
		return listRun{}, err
	}
	var run listRun
	run.note(tr.T("mine.cadre"), cmp.Or(u.DisplayName, u.Username))
	run.note(tr.T("mine.checked_on"), today.Format(isoDate))
	c := tr.col
	run.cols = append([]export.Column{c("col.code", export.Text), c("col.head", export.Text)}, placeCols(tr)...)
	run.cols = append(run.cols, c("col.category", export.Text), c("mine.since", export.Date), c("mine.checks", export.Text))
	itemRows(s, &run, mine, func(h monitoring.MyHousehold) string { return h.Region },
		func(i int, h monitoring.MyHousehold, p [3]string, _ bool) ([]any, error) {
			category := cmp.Or(h.Category, "—")
			if h.Eliminated {
				category += " " + tr.T("state.eliminated")
			}
			checks := ""
			if i < maxMine {
				rep, err := monitoring.Check(ctx, q, scope, h.ID, today)
				if err != nil {
					return nil, err
				}
				checks = checksText(tr, rep)
			}
			return []any{h.Code, h.HeadName, p[0], p[1], p[2], category, dayCell(h.CadreSince), checks}, nil
		})
	return run, nil
}

// checksText is a household's checks in words, as the page shows them: the
// checks not met (mismatched or overdue), all met, or not monitored.
func checksText(tr translator, rep monitoring.Report) string {
	if !rep.Monitored {
		return tr.T("mine.not_checked")
	}
	var out []string
	for _, x := range rep.Results {
		if x.Status != monitoring.StatusMismatch && x.Status != monitoring.StatusOverdue {
			continue
		}
		what := tr.T("check.rule." + string(x.Rule))
		if x.Rule == monitoring.RuleRisk {
			what = tr.Tf("check.risk", x.Risk)
		}
		out = append(out, what+"："+tr.T("check.status."+string(x.Status)))
	}
	if len(out) == 0 {
		return tr.T("mine.all_ok")
	}
	return strings.Join(out, "；")
}

func (s *Server) fillMine(ctx context.Context, scope store.Scope, u auth.User, v *minePage) error {
	q, today := s.cfg.DB.Reader(), s.today()
	mine, err := monitoring.MyHouseholds(ctx, q, scope, u.ID)
	if err != nil {
		return err
	}
	ids, villages := map[int64]bool{}, []string{}
	for i, h := range mine {
		ids[h.ID] = true
		if i == 0 || mine[i-1].Region != h.Region {
			villages = append(villages, h.Region)
		}
		row := mineRow{MyHousehold: h}
		if i < maxMine {
			if row.Report, err = monitoring.Check(ctx, q, scope, h.ID, today); err != nil {
				return err
			}
		}
		v.Households = append(v.Households, row)
	}
	due, err := monitoring.DueMeasures(ctx, q, scope, today, dueWithinDays)
	if err != nil {
		return err
	}
	for _, d := range due {
		if ids[d.HouseholdID] || d.OwnerUserID == u.ID {
			v.Due = append(v.Due, d)
		}
	}
	if err := s.mineVisits(ctx, scope, u, ids, villages, v); err != nil {
		return err
	}
	codes := villages
	for _, e := range v.Visits {
		codes = append(codes, e.Region)
	}
	v.Names, err = s.regionNames(ctx, codes)
	return err
}

// mineVisits lists the visits due: the whole village's for a village user,
// else those of the user's households, village by village.
func (s *Server) mineVisits(ctx context.Context, scope store.Scope, u auth.User, ids map[int64]bool, villages []string,
	v *minePage) error {
	if u.Role == auth.RoleVillage {
		v.WholeRegion = true
		var err error
		v.Visits, _, err = s.visits.MustVisit(ctx, scope, visit.Filter{DueOnly: true, PerPage: 500}, s.now())
		return err
	}
	for _, village := range villages {
		es, _, err := s.visits.MustVisit(ctx, scope, visit.Filter{Region: village, DueOnly: true, PerPage: 500}, s.now())
		if err != nil {
			return err
		}
		for _, e := range es {
			if ids[e.HouseholdID] {
				v.Visits = append(v.Visits, e)
			}
		}
	}
	return nil
}
