package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/fault"
	"fangpin/internal/monitoring"
	"fangpin/internal/store"
)

// fitRulesPage is the risk–measure table (风险与措施对应表) the fit checks
// use: which measures address which risk type, and the policy basis of
// each row. It is one table for the whole installation: administrators
// change it, county bureaus read it.
type fitRulesPage struct {
	layout
	Rules     []monitoring.FitRule
	Risks     []string // the risk types a row may be set for (not 其他)
	Catalogue []monitoring.MeasureType
	CanChange bool
	settingsForm
}

// renderFitRules renders /admin/fit-rules (GET: blankForm).
func (s *Server) renderFitRules(w http.ResponseWriter, r *http.Request, status int, form formState) {
	v := &fitRulesPage{layout: s.newLayout(w, r, "fitrules.title", "admin"), Catalogue: monitoring.Catalogue(),
		CanChange: currentUser(r).Role == auth.RoleAdmin, settingsForm: settingsFormOf(r, form)}
	for _, risk := range casework.RiskTypes {
		if risk != monitoring.RiskOther {
			v.Risks = append(v.Risks, risk)
		}
	}
	var err error
	if v.Rules, err = monitoring.FitRules(r.Context(), s.cfg.DB.Reader()); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, status, "monitoring_fitrules", v)
}

// handleFitRulesPost serves POST /admin/fit-rules: op=add (a row, or a new
// basis for an existing row) or op=delete (id).
func (s *Server) handleFitRulesPost(w http.ResponseWriter, r *http.Request) {
	op, user := r.PostFormValue("op"), currentUser(r)
	ctx := r.Context()
	var err error
	switch op {
	case "add":
		typ, sub, _ := strings.Cut(r.PostFormValue("measure"), "|")
		rule := monitoring.FitRule{RiskType: r.PostFormValue("risk_type"), MeasureType: typ, MeasureSubtype: sub,
			Basis: r.PostFormValue("basis")}
		_, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (monitoring.FitRule, error) {
			return monitoring.SetFitRule(ctx, tx, user, rule, s.now())
		})
	case "delete":
		var id int64
		if id, err = strconv.ParseInt(r.PostFormValue("id"), 10, 64); err != nil {
			err = store.ErrNotFound
			break
		}
		err = s.cfg.DB.Transact(ctx, func(tx *store.Tx) error {
			return monitoring.DeleteFitRule(ctx, tx, user, id, s.now())
		})
	default:
		err = badRequest("op", fault.T("未知的操作", "unknown operation"))
	}
	s.settingsSaved(w, r, err, op, s.renderFitRules)
}
