package web

import (
	"io"
	"net/http"
	"os"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/report"
)

// actionExportTables is the audit action of a download of the standard
// tables.
const actionExportTables = "export.tables"

// handleDashboardTables serves GET /dashboard/tables.xlsx?region=&as_of=:
// the standard tables of the region and day (report.Tables), ID and phone
// numbers masked. The workbook is written to a temporary file first, so
// nothing reaches the client before it is complete and the download is
// audited with the number of households listed.
func (s *Server) handleDashboardTables(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	code, asOf, err := s.regionAsOf(r, scope, false)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	day := civil.DateOf(asOf)
	f, err := report.Dashboard(ctx, s.cfg.DB, scope, code, day)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	tmp, err := os.CreateTemp("", "fangpin-tables-*.xlsx")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := report.Tables(ctx, s.cfg.DB.Reader(), s.cfg.Keys, scope, f, tmp)
	if err == nil {
		err = s.cfg.Audit.Append(ctx, audit.Event{Action: actionExportTables, Entity: "list", EntityID: "tables",
			Region: code, Detail: map[string]any{"list": "tables", "as_of": f.AsOf, "rows": n, "full": false}})
	}
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	tr := translator{pickLang(w, r)}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment("tables", f.Region.Name+tr.T("dash.title"), day.String(), "xlsx"))
	if _, err := io.Copy(w, tmp); err != nil {
		s.log.WarnContext(ctx, "tables not delivered", "err", err)
	}
}
