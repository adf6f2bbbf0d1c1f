package web

import (
	"context"
	"net/http"

	"fangpin/internal/audit"
	"fangpin/internal/casework"
	"fangpin/internal/export"
	"fangpin/internal/feed"
	"fangpin/internal/screening"
)

// The lists of the work on households (cases, warnings) and of the system
// (department files, the audit log), as exports and print views (see
// listSpec). Each reads the filters of its page.
var (
	casesList    = &listSpec{name: "cases", path: "/cases", title: "cases.title", open: (*Server).openCases}
	warningsList = &listSpec{name: "warnings", path: "/warnings", title: "warnings.title", open: (*Server).openWarnings}
	feedsList    = &listSpec{name: "feeds", path: "/feeds", title: "feeds.files", open: (*Server).openFeeds}
	auditList    = &listSpec{name: "audit", path: "/audit", title: "audit.title", open: (*Server).openAudit}
)

// openCases is the case inbox with its filters, most urgent first.
func (s *Server) openCases(r *http.Request, tr translator) (listRun, error) {
	f, err := s.caseFilter(r)
	if err != nil {
		return listRun{}, err
	}
	scope := s.scope(r)
	run := listRun{region: f.Region}
	if f.State != "" {
		run.note(tr.T("case.state"), f.State.Label())
	}
	if f.Open {
		run.note(tr.T("cases.open_only"), tr.T("yes"))
	}
	if !f.OverdueAt.IsZero() {
		run.note(tr.T("cases.late_only"), tr.T("yes"))
	}
	c := tr.col
	run.cols = append(append([]export.Column{c("case.no", export.Integer), c("lists.col.head_name", export.Text)},
		placeCols(tr)...), c("case.purpose", export.Text), c("case.source", export.Text), c("case.risks", export.Text),
		c("case.green", export.Text), c("case.state", export.Text), c("case.opened", export.Date),
		c("case.due", export.Date), c("lists.col.overdue", export.Text), c("case.outcome", export.Text),
		export.Column{Header: tr.T("lists.col.outcome_reason"), Width: 30})
	one, now := f, s.now()
	one.PerPage = 1
	placedRows(s, &run, scope, f, one, casework.List, casework.ForEach, func(cs casework.Case) string { return cs.Region },
		func(cs casework.Case, p [3]string) []any {
			outcome := ""
			if cs.Outcome != "" {
				outcome = tr.or("lists.outcome.", string(cs.Outcome))
			}
			return []any{cs.ID, cs.HeadName, p[0], p[1], p[2], cs.Purpose.Label(), cs.Source.Label(), joinText(cs.RiskTypes),
				yesNoText(tr, cs.Green), cs.State.Label(), dayCell(cs.OpenedAt), dayCell(cs.Due()),
				yesNoText(tr, cs.Overdue(now)), outcome, cs.OutcomeReason}
		})
	return run, nil
}

// openWarnings is the warning list with its filters, newest first.
func (s *Server) openWarnings(r *http.Request, tr translator) (listRun, error) {
	f, err := warningFilter(r, warningsPerPage)
	if err != nil {
		return listRun{}, err
	}
	f.Page, f.PerPage = 0, 0
	scope := s.scope(r)
	run := listRun{region: f.Region}
	if f.Rule != "" {
		run.note(tr.T("warnings.rule"), tr.T("warnings.rule."+string(f.Rule)))
	}
	if f.Status != "" {
		run.note(tr.T("warnings.status"), tr.T("warnings.status."+string(f.Status)))
	}
	c := tr.col
	run.cols = append(append([]export.Column{c("warnings.no", export.Integer), c("col.code", export.Text)},
		placeCols(tr)...), c("warnings.rule", export.Text), c("warnings.key", export.Text),
		c("warnings.period", export.Text), c("warnings.status", export.Text), c("warnings.date", export.Date),
		export.Column{Header: tr.T("warnings.reason"), Width: 30}, c("visitlog.case", export.Integer))
	one := f
	one.PerPage = 1
	placedRows(s, &run, scope, f, one, screening.List, screening.ForEach, func(w screening.Warning) string { return w.Region },
		func(w screening.Warning, p [3]string) []any {
			return []any{w.ID, w.HouseholdCode, p[0], p[1], p[2], tr.T("warnings.rule." + string(w.Rule)), keyFigure(tr, w),
				w.Period, tr.T("warnings.status." + string(w.Status)), dayCell(w.CreatedAt), w.Reason, blankZero(w.CaseID)}
		})
	return run, nil
}

// openFeeds is the list of department files: those uploaded within the
// user's region, a department's own only. It holds no household data.
func (s *Server) openFeeds(r *http.Request, tr translator) (listRun, error) {
	u := currentUser(r)
	f := feed.FileFilter{Scope: s.scope(r)}
	if ownFilesOnly(u) {
		f.UserID = u.ID
	}
	q := s.cfg.DB.Reader()
	run := listRun{}
	c := tr.col
	run.cols = []export.Column{c("feeds.no", export.Integer), c("feeds.kind", export.Text),
		export.Column{Header: tr.T("feeds.name"), Width: 30}, c("feeds.rows", export.Integer),
		c("feeds.matched", export.Integer), c("feeds.unmatched", export.Integer), c("feeds.uploader", export.Text),
		c("lists.col.uploader_region", export.Text), export.Column{Header: tr.T("feeds.uploaded_at"), Width: 18},
		export.Column{Header: tr.T("feeds.checksum"), Width: 66}}
	run.count = func(ctx context.Context) (int, error) {
		one := f
		one.PerPage = 1
		_, n, err := feed.Files(ctx, q, one)
		return n, err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		names := s.regionNamer(ctx)
		return feed.ForEachFile(ctx, q, f, func(fl feed.File) error {
			region, err := names(fl.Region)
			if err != nil {
				return err
			}
			return emit(fl.ID, tr.T("feeds.kind."+string(fl.Kind)), fl.Name, fl.Rows, fl.Matched, fl.Unmatched,
				fl.Uploader, region, stampText(fl.UploadedAt), fl.SHA256)
		})
	}
	return run, nil
}

// openAudit is the audit log with its filters, newest first; personal
// numbers are masked in the log itself.
func (s *Server) openAudit(r *http.Request, tr translator) (listRun, error) {
	f, err := auditFilter(r)
	if err != nil {
		return listRun{}, err
	}
	scope, q := s.scope(r), s.cfg.DB.Reader()
	query := r.URL.Query()
	run := listRun{region: f.Region}
	run.note(tr.T("audit.user"), f.Username)
	if f.Action != "" {
		run.note(tr.T("audit.action"), auditActionName(tr, f.Action))
	}
	run.note(tr.T("audit.from"), query.Get("from"))
	run.note(tr.T("audit.to"), query.Get("to"))
	c := func(key string) export.Column { return tr.col(key, export.Text) }
	run.cols = []export.Column{{Header: "#", Kind: export.Integer}, {Header: tr.T("audit.at"), Width: 18},
		c("audit.user"), c("lists.col.role"), c("audit.action"), {Header: tr.T("audit.detail"), Width: 60},
		c("audit.region"), c("audit.ip")}
	run.count = func(ctx context.Context) (int, error) {
		one := f
		one.PerPage = 1
		_, n, err := audit.Find(ctx, q, scope, one)
		return n, err
	}
	run.each = func(ctx context.Context, _ bool, emit func(...any) error) error {
		names := s.regionNamer(ctx)
		return audit.ForEach(ctx, q, scope, f, func(e audit.Entry) error {
			region, err := names(e.Region)
			if err != nil {
				return err
			}
			row := auditRowOf(tr, e, region)
			text := row.Sentence
			for _, f := range row.Facts {
				text += "；" + f.Label + "：" + f.Value
			}
			return emit(row.ID, row.At, row.Who, row.Role, row.Action, text, region, row.IP)
		})
	}
	return run, nil
}
