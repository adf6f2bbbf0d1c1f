package web

import (
	"context"
	"net/http"

	"fangpin/internal/casework"
	"fangpin/internal/export"
	"fangpin/internal/fault"
	"fangpin/internal/regcode"
)

// noticesList is the public-notice list (公示名单) of a township or village
// and a period, as a list with its Excel export and print view (listSpec).
// It never holds an ID number, phone, bank account or health.
var noticesList = &listSpec{name: "notices", path: "/notices", title: "notices.title", open: (*Server).openNotices}

// noticeRegion reads the list's region: a township or a village of the scope.
func (s *Server) noticeRegion(ctx context.Context, r *http.Request) (string, error) {
	code, err := s.listRegionParam(ctx, r, s.scope(r))
	if err != nil {
		return "", err
	}
	if l := regcode.Level(code); l != 4 && l != 5 {
		return "", fault.Invalidf("region", "公示名单按乡镇或村生成，请先选择乡镇或村",
			"A public-notice list is of a township or a village: choose one first")
	}
	return code, nil
}

// openNotices is the public-notice list: the cases whose notice began in
// the period, with the household's head, size and category and the step
// proposed.
func (s *Server) openNotices(r *http.Request, tr translator) (listRun, error) {
	ctx, scope := r.Context(), s.scope(r)
	code, err := s.noticeRegion(ctx, r)
	if err != nil {
		return listRun{}, err
	}
	from, to, err := s.ledgerPeriod(r)
	if err != nil {
		return listRun{}, err
	}
	run := listRun{region: code}
	run.note(tr.T("notices.period"), from.String()+" – "+to.String())
	run.note(tr.T("notices.group"), tr.T("notices.group_none"))
	c := tr.col
	run.cols = []export.Column{c("lists.col.head_name", export.Text), c("lists.col.township", export.Text),
		c("lists.col.village", export.Text), c("notices.group", export.Text), c("notices.members", export.Integer),
		c("col.category", export.Text), c("notices.proposal", export.Text), c("notices.start", export.Date)}
	each := func(ctx context.Context, emit func(...any) error) error {
		pl := s.places(ctx)
		return casework.ForEachNotice(ctx, s.cfg.DB.Reader(), scope, code, from.String(), to.String(),
			func(e casework.NoticeEntry) error {
				p, err := pl.Of(e.Region)
				if err != nil {
					return err
				}
				var members any
				if e.Members > 0 {
					members = e.Members
				}
				category := e.Category
				if category == "" {
					category = e.HouseholdCategory
				}
				if category == "" {
					category = tr.T("notices.category_pending")
				}
				proposal := tr.T("notices.enrol")
				if e.Purpose == casework.PurposeElimination {
					proposal = tr.T("notices.eliminate")
				}
				return emit(e.HeadName, p[1], p[2], tr.T("notices.group_none"), members, category, proposal,
					dayCell(e.NoticeStart))
			})
	}
	run.count = func(ctx context.Context) (int, error) {
		n := 0
		err := each(ctx, func(...any) error { n++; return nil })
		return n, err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error { return each(ctx, emit) }
	return run, nil
}

// noticesPage is the page of the public-notice list: its region and
// period, the number of lines and the Excel and print buttons.
type noticesPage struct {
	layout
	From, To string
	Total    int
	Children []crumb
	Tools    listTools
}

// handleNotices serves GET /notices?region=&from=&to=. Before a township
// or village is chosen, it offers the regions below the user's.
func (s *Server) handleNotices(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	v := &noticesPage{layout: s.newLayout(w, r, "notices.title", "reports"), Tools: s.tools(r, noticesList)}
	code, err := s.listRegion(ctx, r, scope, &v.layout, "/notices")
	if err == nil {
		from, to, perr := s.ledgerPeriod(r)
		err = perr
		v.From, v.To = from.String(), to.String()
	}
	if err == nil {
		v.Children, err = s.regionLinks(ctx, scope, code, "/notices", "from", v.From, "to", v.To)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Region = code
	if l := regcode.Level(code); l == 4 || l == 5 {
		run, err := s.openNotices(r, translator{v.Lang})
		if err == nil {
			v.Total, err = run.count(ctx)
		}
		if err != nil {
			s.pageError(w, r, err)
			return
		}
	} else {
		v.Tools = listTools{}
	}
	s.render(w, r, http.StatusOK, "notices", v)
}
