package web

import (
	"context"
	"net/http"
	"strconv"

	"fangpin/internal/store"
	"fangpin/internal/visit"
)

// visitLogPage is the visit log (走访记录): the home visits recorded in a
// region and period, the latest first.
type visitLogPage struct {
	layout
	F        visit.LogFilter
	Items    []visit.LogEntry
	Total    int
	Pager    pager
	Children []crumb
	Names    map[string]string
	Tools    listTools
}

// handleVisitLog serves GET /visits/log?region=&from=&to=&page=.
func (s *Server) handleVisitLog(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &visitLogPage{layout: s.newLayout(w, r, "visitlog.title", "monitoring"), Tools: s.tools(r, visitLogList)}
	code, err := s.listRegion(ctx, r, scope, &v.layout, "/visits/log")
	if err == nil {
		err = s.fillVisitLog(ctx, r, scope, code, v)
	}
	s.renderPage(w, r, err, "visits_log", v)
}

func (s *Server) fillVisitLog(ctx context.Context, r *http.Request, scope store.Scope, code string, v *visitLogPage) error {
	v.F = visitLogFilter(r, code)
	p, err := pageParams(r, visitPerPage)
	if err != nil {
		return err
	}
	v.F.Page, v.F.PerPage = p.Page, p.PerPage
	if v.Items, v.Total, err = visit.Log(ctx, s.cfg.DB.Reader(), scope, v.F); err != nil {
		return err
	}
	v.Pager = newPager(p, v.Total, func(n int) string {
		return link("/visits/log", "region", code, "from", v.F.From, "to", v.F.To, "page", strconv.Itoa(n))
	})
	if v.Children, err = s.regionLinks(ctx, scope, code, "/visits/log", "from", v.F.From, "to", v.F.To); err != nil {
		return err
	}
	codes := make([]string, len(v.Items))
	for i, e := range v.Items {
		codes[i] = e.Region
	}
	v.Names, err = s.regionNames(ctx, codes)
	return err
}
