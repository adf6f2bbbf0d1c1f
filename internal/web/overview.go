package web

import (
	"context"
	"net/http"
	"time"

	"fangpin/internal/region"
	"fangpin/internal/registry"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// maxChildFigures is the most children whose figures the overview computes;
// beyond it the table lists names and links only.
const maxChildFigures = 60

// overviewPage is the data of the overview (工作台) page.
type overviewPage struct {
	layout
	AsOf       time.Time
	AsOfParam  string // as_of as given, carried by drill-down links
	O          *stats.Overview
	Categories []categoryCount
	Charts     []chart
	Children   []childRow
	Figures    bool // children carry figures
	Village    bool
	ListURL    string
}

type categoryCount struct {
	Name string
	stats.Count
}

type childRow struct {
	region.Region
	URL string
	O   *stats.Overview
}

// handleOverview serves GET /overview?region=CODE&as_of=YYYY-MM-DD.
func (s *Server) handleOverview(w http.ResponseWriter, r *http.Request) {
	if v, ok := figuresAt(s, w, r, true, func(ctx context.Context, scope store.Scope, code string, asOf time.Time) (*overviewPage, error) {
		v := &overviewPage{layout: s.newLayout(w, r, "overview.title", "overview"), AsOf: asOf, AsOfParam: r.URL.Query().Get("as_of")}
		return v, s.fillOverview(ctx, scope, code, v)
	}); ok {
		s.render(w, r, http.StatusOK, "overview", v)
	}
}

func (s *Server) fillOverview(ctx context.Context, scope store.Scope, code string, v *overviewPage) error {
	chain, err := s.chain(ctx, code)
	if err != nil {
		return err
	}
	s.setRegion(&v.layout, scope, chain, func(c string) string { return link("/overview", "region", c, "as_of", v.AsOfParam) })
	if code != nation {
		if v.O, err = stats.ComputeBrief(ctx, s.cfg.DB, scope, code, v.AsOf); err != nil {
			return err
		}
		v.fillFigures()
		v.Village = chain[len(chain)-1].Level == region.LevelVillage
		v.ListURL = link("/households", "region", code)
	}
	return s.fillChildren(ctx, scope, code, v)
}

// fillFigures orders the categories and draws the charts.
func (v *overviewPage) fillFigures() {
	m := v.O.Monitoring
	var values []int
	for _, c := range registry.Categories {
		v.Categories = append(v.Categories, categoryCount{Name: c, Count: m.ByCategory[c]})
		values = append(values, m.ByCategory[c].Households)
	}
	v.Charts = []chart{
		newChart("chart.categories", "unit.households", registry.Categories, values),
		newChart("chart.types", "unit.households", []string{registry.TypeFormerlyPoor, registry.TypeOrdinary},
			[]int{v.O.Households.FormerlyPoor, v.O.Households.Ordinary}),
	}
}

// fillChildren lists the sub-regions, with their figures when there are few.
func (s *Server) fillChildren(ctx context.Context, scope store.Scope, code string, v *overviewPage) error {
	kids, err := s.childrenOn(ctx, scope, code, v.AsOf.Format("2006-01-02"))
	if err != nil {
		return err
	}
	v.Figures = len(kids) <= maxChildFigures
	for _, k := range kids {
		row := childRow{Region: k, URL: link("/overview", "region", k.Code, "as_of", v.AsOfParam)}
		if v.Figures {
			if row.O, err = stats.ComputeBrief(ctx, s.cfg.DB, scope, k.Code, v.AsOf); err != nil {
				return err
			}
		}
		v.Children = append(v.Children, row)
	}
	return nil
}

// handleRoot redirects to the overview of the default region.
func (s *Server) handleRoot(w http.ResponseWriter, r *http.Request) {
	if to := landing(r); to != "" {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	code, err := s.defaultRegion(r.Context(), s.scope(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, link("/overview", "region", code), http.StatusFound)
}

// OrdinaryPersons is the number of persons of 一般农户.
func (v *overviewPage) OrdinaryPersons() int {
	return v.O.Persons.Total - v.O.Persons.FormerlyPoor
}
