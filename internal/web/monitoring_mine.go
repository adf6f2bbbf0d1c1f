package web

import (
	"context"
	"net/http"

	"fangpin/internal/auth"
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

// handleMyHouseholds serves GET /monitoring/mine.
func (s *Server) handleMyHouseholds(w http.ResponseWriter, r *http.Request) {
	v := &minePage{layout: s.newLayout(w, r, "mine.title", "monitoring")}
	s.renderPage(w, r, s.fillMine(r.Context(), s.scope(r), currentUser(r), v), "monitoring_mine", v)
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
