package web

import (
	"context"
	"net/http"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/dropout"
	"fangpin/internal/entity"
	"fangpin/internal/feed"
	"fangpin/internal/labour"
	"fangpin/internal/project"
	"fangpin/internal/registry"
	"fangpin/internal/retrofit"
	"fangpin/internal/store"
)

// householdPage is the data of one household's page.
type householdPage struct {
	layout
	H           *registry.Household
	Members     []registry.Person
	History     []registry.HistoryEntry
	Monitored   bool
	Revealed    *registry.Revealed // one member's full numbers, after an audited reveal
	RiskChoices []string
	Summary     householdSummary
	Dropouts    []dropout.Entry            // members with a dropout row or a follow-up (控辍保学)
	Projects    []project.Project          // the projects benefiting it
	ProjectOpen map[int64]bool             // those whose page the user may open (placed in the scope)
	Cover       feed.Cover                 // the members' insurance and family-doctor rows (ID numbers masked)
	Retrofits   []retrofit.Retrofit        // the household's retrofit projects
	Transfers   []labour.HouseholdTransfer // the members' labour transfers and their transport subsidies
	Entities    entity.Detail              // the business entities the household is linked to (entities.go)
	monitoringSections
}

// handleHousehold serves GET /households/{code}; unknown and out-of-scope
// codes get the same 404.
func (s *Server) handleHousehold(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &householdPage{layout: s.newLayout(w, r, "household.title", "households")}
	s.renderPage(w, r, s.fillHousehold(ctx, scope, r.PathValue("code"), v), "household", v)
}

func (s *Server) fillHousehold(ctx context.Context, scope store.Scope, code string, v *householdPage) error {
	q := s.cfg.DB.Reader()
	h, members, err := registry.FindHousehold(ctx, q, scope, code)
	if err != nil {
		return err
	}
	v.H, v.Members, v.Monitored = h, members, h.Monitored()
	v.RiskChoices = casework.RiskTypes
	head := ""
	if len(members) > 0 && members[0].Relation == registry.HeadRelation {
		head = members[0].Name // the head is listed first
	}
	v.Title = v.Title + " " + householdLabel(head, h.Code)
	chain, err := s.chain(ctx, h.RegionCode)
	if err != nil {
		return err
	}
	s.setRegion(&v.layout, scope, chain, func(c string) string { return link("/overview", "region", c) })
	if v.History, err = registry.MonitoringHistory(ctx, q, scope, h.ID); err != nil {
		return err
	}
	if v.Dropouts, err = dropout.List(ctx, q, scope, civil.DateOf(s.today()), h.ID); err != nil {
		return err
	}
	if v.Projects, err = project.OfHousehold(ctx, q, scope, h.ID); err != nil {
		return err
	}
	v.ProjectOpen = map[int64]bool{}
	for _, p := range v.Projects {
		v.ProjectOpen[p.ID] = scope.Contains(p.Region)
	}
	if v.Cover, err = feed.HouseholdCover(ctx, q, scope, h.ID); err != nil {
		return err
	}
	if v.Retrofits, err = retrofit.ForHousehold(ctx, q, scope, h.ID); err != nil {
		return err
	}
	if v.Transfers, err = labour.OfHousehold(ctx, q, scope, h.ID); err != nil {
		return err
	}
	if v.Entities, err = entity.Lines(ctx, q, scope, 0, h.ID); err != nil {
		return err
	}
	if err := s.fillMonitoring(ctx, scope, h, v); err != nil {
		return err
	}
	return s.summarize(ctx, scope, v)
}
