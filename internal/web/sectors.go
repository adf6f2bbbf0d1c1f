package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/stats"
)

// sectorsPage is the sector pages (三保障): a region's sectors figures as of
// a day, by sector, and for the chosen figure the persons or households it
// counts, a page at a time.
type sectorsPage struct {
	layout
	AsOf      time.Time
	Sectors   []sectorBlock
	Children  []crumb
	Figure    *sectorFig // the figure whose list is shown
	Rows      []sectorRow
	Total     int
	Pager     pager
	Tools     listTools
	Household bool // the list is of households (the head named)
	Unlisted  bool // the figure has no list yet (stats.SectorDetail.Listed)
	Whole     bool // the figure is the region's whole, with no list (stats.SectorFigure.Whole)
}

// sectorBlock is one sector and its figures.
type sectorBlock struct {
	Name    string
	Figures []sectorFig
}

// sectorFig is one figure as the page shows it.
type sectorFig struct {
	Key, Label, Unit, Value, URL string
	Active                       bool
}

// sectorRow is one line of a figure's list.
type sectorRow struct {
	stats.SectorRow
	Value string
}

// sectorsList is a figure's list as an export and a print view.
var sectorsList = &listSpec{name: "sectors", path: "/sectors", title: "sectors.title", pii: true,
	open: (*Server).openSectors}

// sectorQuery is what the sector pages read from a request: the region,
// the day and the figure (its list; none for the figures alone).
type sectorQuery struct {
	code     string
	asOf     time.Time
	asOfText string // as given, carried by the links
	figure   stats.SectorFigure
	listed   bool
}

func (s *Server) sectorQuery(r *http.Request) (sectorQuery, error) {
	var q sectorQuery
	var err error
	if q.code, q.asOf, err = s.regionAsOf(r, s.scope(r), true); err != nil {
		return q, err
	}
	q.asOfText = r.URL.Query().Get("as_of")
	if key := r.URL.Query().Get("figure"); key != "" {
		if q.figure, q.listed = stats.FindSectorFigure(key); !q.listed {
			return q, badRequest("figure", fault.T("没有这一项指标", "no such figure"))
		}
	}
	return q, nil
}

// link is the page of region code with the query's day and figure.
func (q sectorQuery) link(code, figure string) string {
	return link("/sectors", "region", code, "as_of", q.asOfText, "figure", figure)
}

// handleSectors serves GET /sectors?region=&as_of=&figure=&page=.
func (s *Server) handleSectors(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &sectorsPage{layout: s.newLayout(w, r, "sectors.title", "sectors")}
	q, err := s.sectorQuery(r)
	var d *stats.SectorDetail
	if err == nil {
		v.AsOf = q.asOf
		err = s.sectorsFrame(ctx, r, q, v)
	}
	if err == nil && q.code != nation {
		d, err = stats.ComputeSectorDetail(ctx, s.cfg.DB, scope, q.code, q.asOf)
	}
	if err == nil && d != nil {
		v.Sectors = sectorBlocks(translator{v.Lang}, q, &d.Sectors)
		if q.listed {
			err = s.sectorsList(r, q, d, v)
		}
	}
	s.renderPage(w, r, err, "sectors", v)
}

// sectorsFrame fills the breadcrumb (the drill-down) and the child regions.
func (s *Server) sectorsFrame(ctx context.Context, r *http.Request, q sectorQuery, v *sectorsPage) error {
	scope := s.scope(r)
	chain, err := s.chain(ctx, q.code)
	if err != nil {
		return err
	}
	href := func(c string) string { return q.link(c, q.figure.Key) }
	s.setRegion(&v.layout, scope, chain, href)
	v.Region = q.code
	v.Children, err = s.childLinks(ctx, scope, q.code, href)
	return err
}

// sectorBlocks lays the figures of the block out by sector, in the
// catalogue's language, each linking its list.
func sectorBlocks(tr translator, q sectorQuery, sec *stats.Sectors) []sectorBlock {
	var out []sectorBlock
	for _, n := range stats.SectorNames {
		b := sectorBlock{Name: pick(tr, n.Zh, n.En)}
		for _, f := range stats.SectorFigures {
			if f.Sector() == n.Key {
				b.Figures = append(b.Figures, sectorFig{Key: f.Key, Label: pick(tr, f.Zh, f.En), Unit: f.Unit,
					Value: sectorValue(f, f.Of(sec)), URL: q.link(q.code, f.Key), Active: f.Key == q.figure.Key})
			}
		}
		if len(b.Figures) > 0 {
			out = append(out, b)
		}
	}
	return out
}

// pick is the Chinese or the English of a label.
func pick(tr translator, zh, en string) string {
	if tr.lang == langEN {
		return en
	}
	return zh
}

// sectorValue writes a figure's value or an entry's: yuan for money.
func sectorValue(f stats.SectorFigure, v int64) string {
	if f.Money() {
		return money.Format(v)
	}
	return strconv.FormatInt(v, 10)
}

// sectorsList fills the chosen figure's list, a page at a time.
func (s *Server) sectorsList(r *http.Request, q sectorQuery, d *stats.SectorDetail, v *sectorsPage) error {
	p, err := pageParams(r, pagePerPage)
	if err != nil {
		return err
	}
	for i := range v.Sectors {
		for j := range v.Sectors[i].Figures {
			if f := &v.Sectors[i].Figures[j]; f.Active {
				v.Figure = f
			}
		}
	}
	v.Whole = q.figure.Whole()
	if v.Unlisted = v.Whole || !d.Listed(q.figure); v.Unlisted {
		return nil
	}
	entries := d.List(q.figure.Key)
	v.Total = len(entries)
	limit, offset := p.Limits()
	page := entries[min(offset, len(entries)):min(offset+limit, len(entries))]
	rows, err := stats.SectorRows(r.Context(), s.cfg.DB.Reader(), page)
	if err != nil {
		return err
	}
	for _, row := range rows {
		v.Rows = append(v.Rows, sectorRow{row, sectorValue(q.figure, row.Value)})
	}
	v.Household = q.figure.Unit == stats.UnitHouseholds
	v.Pager = newPager(p, v.Total, func(n int) string {
		return link("/sectors", "region", q.code, "as_of", q.asOfText, "figure", q.figure.Key, "page", strconv.Itoa(n))
	})
	v.Tools = s.tools(r, sectorsList)
	return nil
}

// openSectors is a figure's list (the figure parameter, required) of the
// region as of the day: one row per person or household counted, with
// what it adds to the figure.
func (s *Server) openSectors(r *http.Request, tr translator) (listRun, error) {
	q, err := s.sectorQuery(r)
	if err == nil && !q.listed {
		err = badRequest("figure", fault.T("请选择指标", "choose a figure"))
	}
	if err == nil && q.code == nation {
		err = badRequest("region", fault.T("请指定区划代码", "give a region code"))
	}
	if err != nil {
		return listRun{}, err
	}
	f := q.figure
	run := listRun{region: q.code}
	run.note(tr.T("overview.as_of"), civil.DateOf(q.asOf).String())
	run.note(tr.T("sectors.figure"), pick(tr, f.Zh, f.En))
	kind := export.Integer
	if f.Money() {
		kind = export.Money
	}
	c := tr.col
	run.cols = append(append([]export.Column{}, placeCols(tr)...), c("col.code", export.Text),
		c("sectors.name", export.Text), export.Column{Header: tr.T("sectors.id"), Width: 22},
		export.Column{Header: pick(tr, f.Zh, f.En) + "（" + f.Unit + "）", Kind: kind, Width: 16})
	var d *stats.SectorDetail
	detail := func(ctx context.Context) (*stats.SectorDetail, error) {
		var err error
		if d == nil {
			d, err = stats.ComputeSectorDetail(ctx, s.cfg.DB, s.scope(r), q.code, q.asOf)
		}
		return d, err
	}
	run.count = func(ctx context.Context) (int, error) {
		d, err := detail(ctx)
		if err != nil {
			return 0, err
		}
		return len(d.Entries[f.Key]), nil
	}
	run.each = func(ctx context.Context, full bool, emit func(...any) error) error {
		d, err := detail(ctx)
		if err != nil {
			return err
		}
		if f.Whole() || !d.Listed(f) {
			return fault.Invalidf("figure", "此项指标暂无名单", "This figure has no list yet")
		}
		rows, err := stats.SectorRows(ctx, s.cfg.DB.Reader(), d.List(f.Key))
		if err != nil {
			return err
		}
		pl := s.places(ctx)
		for _, row := range rows {
			p, err := pl.Of(row.Village)
			if err != nil {
				return err
			}
			id, err := s.idCell(full, row.IDMasked, row.IDEnc)
			if err != nil {
				return err
			}
			if err := emit(p[0], p[1], p[2], row.HouseholdCode, row.Name, id, row.Value); err != nil {
				return err
			}
		}
		return nil
	}
	return run, nil
}
