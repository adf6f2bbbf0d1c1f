package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/report"
	"fangpin/internal/screening"
	"fangpin/internal/stats"
	"fangpin/internal/store"
)

// dashboardPage is the data of the dashboard (统计报表): the figures of
// report.Dashboard as cards, charts (drawn by dashboard.js from Charts)
// and tables.
type dashboardPage struct {
	layout
	AsOf      time.Time
	AsOfParam string // as_of as given, carried by drill-down links
	F         *report.Figures
	Charts    []dashChart
	ChartJSON string // Charts for dashboard.js, in a data attribute (no inline script)
	Children  []dashChild
	Past      bool // as_of before today: some figures are read as recorded now
	TablesURL string
	// the region's other reports: the survey report as of the day, its
	// ledgers and public-notice lists
	SurveyURL, LedgersURL, NoticesURL string
	Choose                            []dashChild   // nation: the provinces to choose from
	Sectors                           []sectorBlock // the 三保障 panel, each figure linking its list
	SectorsURL                        string
}

type dashChild struct {
	report.Child
	URL string
}

// dashChart is one chart: labels along the axis and one or more series,
// drawn by dashboard.js and listed in a table beside it.
type dashChart struct {
	ID     string       `json:"id"`
	Title  string       `json:"title"`
	Kind   string       `json:"kind"` // bar, hbar (horizontal), line
	Stack  bool         `json:"stack"`
	Labels []string     `json:"labels"`
	Series []dashSeries `json:"series"`
	Note   string       `json:"-"` // a translated note under the chart (not reconstructed)
}

type dashSeries struct {
	Name string `json:"name"`
	Data []int  `json:"data"`
}

// handleDashboard serves GET /dashboard?region=CODE&as_of=YYYY-MM-DD.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	if v, ok := figuresAt(s, w, r, true, func(ctx context.Context, scope store.Scope, code string, asOf time.Time) (*dashboardPage, error) {
		v := &dashboardPage{layout: s.newLayout(w, r, "dash.title", "reports"), AsOf: asOf, AsOfParam: r.URL.Query().Get("as_of")}
		return v, s.fillDashboard(ctx, scope, code, v)
	}); ok {
		s.render(w, r, http.StatusOK, "dashboard", v)
	}
}

func (s *Server) fillDashboard(ctx context.Context, scope store.Scope, code string, v *dashboardPage) error {
	chain, err := s.chain(ctx, code)
	if err != nil {
		return err
	}
	href := func(c string) string { return link("/dashboard", "region", c, "as_of", v.AsOfParam) }
	s.setRegion(&v.layout, scope, chain, href)
	if code == nation {
		kids, err := s.childrenOn(ctx, scope, code, "")
		for _, k := range kids {
			v.Choose = append(v.Choose, dashChild{Child: report.Child{Code: k.Code, Name: k.Name}, URL: href(k.Code)})
		}
		return err
	}
	day := civil.DateOf(v.AsOf)
	if v.F, err = report.Dashboard(ctx, s.cfg.DB, scope, code, day); err != nil {
		return err
	}
	v.Past = len(v.F.Past) > 0
	for _, k := range v.F.Children {
		if within(scope, k.Code) {
			v.Children = append(v.Children, dashChild{Child: k, URL: href(k.Code)})
		}
	}
	v.TablesURL = link("/dashboard/tables.xlsx", "region", code, "as_of", day.String())
	v.SurveyURL = link("/reports/survey", "region", code, "as_of", day.String())
	v.LedgersURL, v.NoticesURL = link("/ledgers", "region", code), link("/notices", "region", code)
	q := sectorQuery{code: code, asOfText: v.AsOfParam}
	v.Sectors, v.SectorsURL = sectorBlocks(translator{v.Lang}, q, &v.F.Overview.Sectors), q.link(code, "")
	v.Charts = dashCharts(translator{v.Lang}, v.F, v.Children)
	b, err := json.Marshal(v.Charts)
	v.ChartJSON = string(b)
	return err
}

// dashCharts builds the page's charts from the figures.
func dashCharts(tr translator, f *report.Figures, kids []dashChild) []dashChart {
	hh, pp := tr.T("unit.households"), tr.T("unit.persons")
	var out []dashChart
	cat := dashChart{ID: "categories", Title: tr.T("dash.by_category"), Kind: "bar", Stack: true,
		Series: []dashSeries{{Name: tr.T("dash.monitored")}, {Name: tr.T("dash.eliminated")}}}
	for _, c := range f.ByCategory {
		cat.Labels = append(cat.Labels, c.Name)
		cat.Series[0].Data = append(cat.Series[0].Data, c.Monitored.Households)
		cat.Series[1].Data = append(cat.Series[1].Data, c.Eliminated.Households)
	}
	risk := dashChart{ID: "risks", Title: tr.T("dash.by_risk"), Kind: "hbar", Series: []dashSeries{{Name: hh}, {Name: pp}}}
	for _, c := range f.ByRiskType {
		risk.Labels = append(risk.Labels, c.Name)
		risk.Series[0].Data = append(risk.Series[0].Data, c.Households)
		risk.Series[1].Data = append(risk.Series[1].Data, c.Persons)
	}
	months := dashChart{ID: "months", Title: tr.T("dash.by_month"), Kind: "line", Series: []dashSeries{
		{Name: tr.T("dash.identified")}, {Name: tr.T("dash.eliminated")}, {Name: tr.T("dash.remarked")}}}
	for _, m := range f.ByMonth {
		months.Labels = append(months.Labels, m.Month)
		months.Series[0].Data = append(months.Series[0].Data, m.Identified.Households)
		months.Series[1].Data = append(months.Series[1].Data, m.Eliminated.Households)
		months.Series[2].Data = append(months.Series[2].Data, m.Remarked.Households)
	}
	fu := f.SelfReports
	funnel := dashChart{ID: "funnel", Title: tr.T("dash.funnel"), Kind: "bar",
		Labels: []string{tr.T("dash.reported"), tr.T("dash.accepted"), tr.T("dash.verified"), tr.T("dash.decided"),
			tr.T("dash.on_time"), tr.T("dash.late"), tr.T("dash.open_overdue")},
		Series: []dashSeries{{Name: tr.T("unit.items"), Data: []int{fu.Reported, fu.Accepted, fu.Verified, fu.Decided,
			fu.OnTime, fu.Late, fu.OpenOverdue}}}}
	warn := dashChart{ID: "warnings", Title: tr.T("dash.warnings"), Kind: "hbar", Series: []dashSeries{{Name: tr.T("unit.items")}}}
	for _, w := range f.OpenWarnings {
		warn.Labels = append(warn.Labels, screening.Rule(w.Name).Label())
		warn.Series[0].Data = append(warn.Series[0].Data, w.Households)
	}
	income := dashChart{ID: "income", Title: tr.T("dash.income"), Kind: "bar", Series: []dashSeries{{Name: hh}, {Name: pp}}}
	for _, b := range f.Income {
		income.Labels = append(income.Labels, tr.T("dash.band."+b.Key))
		income.Series[0].Data = append(income.Series[0].Data, b.Households)
		income.Series[1].Data = append(income.Series[1].Data, b.Persons)
	}
	measures := dashChart{ID: "measures", Title: tr.T("dash.measures"), Kind: "hbar", Stack: true,
		Series: []dashSeries{{Name: tr.T("dash.fit")}, {Name: tr.T("dash.not_fit")}}}
	for _, m := range f.Measures {
		measures.Labels = append(measures.Labels, m.Type)
		measures.Series[0].Data = append(measures.Series[0].Data, m.Fit)
		measures.Series[1].Data = append(measures.Series[1].Data, m.NotFit)
	}
	out = append(out, cat, risk, months, funnel, warn, income, measures, sectorsChart(tr, &f.Overview.Sectors))
	if len(kids) > 0 {
		c := dashChart{ID: "children", Title: tr.T("dash.children"), Kind: "bar", Stack: true,
			Series: []dashSeries{{Name: tr.T("dash.monitored")}, {Name: tr.T("dash.eliminated")}}}
		for _, k := range kids {
			c.Labels = append(c.Labels, k.Name)
			c.Series[0].Data = append(c.Series[0].Data, k.Monitored.Households)
			c.Series[1].Data = append(c.Series[1].Data, k.Eliminated.Households)
		}
		out = append(out, c)
	}
	past := map[string]bool{}
	for _, p := range f.Past {
		past[p] = true
	}
	for i, key := range map[string]string{"funnel": "self_report_funnel", "warnings": "open_warnings_by_rule",
		"income": "income_bands", "measures": "measures_by_type"} {
		if past[key] {
			for j := range out {
				if out[j].ID == i {
					out[j].Note = tr.T("dash.not_reconstructed")
				}
			}
		}
	}
	return out
}

// sectorsChart is the 三保障 panel's chart: the figures counting persons,
// households and person-times (the amounts and the water schemes, samples
// and problems are in the panel's table).
func sectorsChart(tr translator, sec *stats.Sectors) dashChart {
	c := dashChart{ID: "sectors", Title: tr.T("dash.sectors_chart"), Kind: "hbar", Series: []dashSeries{{Name: tr.T("sectors.value")}}}
	for _, f := range stats.SectorFigures {
		if f.Unit == stats.UnitPersons || f.Unit == stats.UnitHouseholds || f.Unit == stats.UnitPersonTimes {
			c.Labels = append(c.Labels, pick(tr, f.Zh, f.En)+"（"+f.Unit+"）")
			c.Series[0].Data = append(c.Series[0].Data, int(f.Of(sec)))
		}
	}
	return c
}

// apiDashboard serves GET /api/v1/dashboard?region=CODE&as_of=YYYY-MM-DD:
// report.Figures as JSON (docs/api.md).
func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request) {
	if f, ok := figuresAt(s, w, r, false, func(ctx context.Context, scope store.Scope, code string, asOf time.Time) (*report.Figures, error) {
		return report.Dashboard(ctx, s.cfg.DB, scope, code, civil.DateOf(asOf))
	}); ok {
		writeJSON(w, http.StatusOK, f)
	}
}

// Share is a fraction as a percentage with one decimal, for the tables.
func (dashChild) Share(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// regionAsOf reads region and as_of as the overview and the dashboard take
// them. A page (page set) accepts nation; an API refuses it.
func (s *Server) regionAsOf(r *http.Request, scope store.Scope, page bool) (string, time.Time, error) {
	code, err := s.regionParam(r.Context(), r, scope, page)
	if err == nil && !page && code == nation {
		err = badRequest("region", fault.T("请指定区划代码", "give a region code"))
	}
	if err != nil {
		return "", time.Time{}, err
	}
	asOf, err := s.asOfParam(r)
	return code, asOf, err
}
