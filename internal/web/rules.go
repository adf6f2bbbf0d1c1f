package web

import (
	"net/http"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/screening"
)

// rulesPage is 预警规则设置: every rule's version in force for the user's
// region, its history and a form for a new version.
type rulesPage struct {
	layout
	Setting     string // the region the user's settings apply to (name)
	Today       string // YYYY-MM-DD: no version may take effect earlier
	Rules       []ruleSetting
	Problem     string
	ProblemRule screening.Rule
	Saved       string
}

// ruleSetting is one rule on the settings page.
type ruleSetting struct {
	Rule    screening.Rule
	Current screening.RuleVersion
	Params  []figureRow
	History []ruleHistoryRow
	Uses    ruleParams
	Form    ruleForm
}

// ruleParams says which thresholds a rule has (those its default sets).
type ruleParams struct{ Amount, Percent, Ages, Grade, Window bool }

// ruleForm holds the values the form shows: the version in force, or what
// was typed before a refused submit.
type ruleForm struct {
	EffectiveFrom, Amount, Percent, MinAge, MaxAge, MaxGrade, Window, Note string
	Enabled                                                                bool
}

// ruleHistoryRow is one stored version.
type ruleHistoryRow struct {
	screening.RuleVersion
	RegionName string
	Params     string
}

// handleRules serves GET /admin/rules.
func (s *Server) handleRules(w http.ResponseWriter, r *http.Request) {
	s.renderRules(w, r, http.StatusOK, nil)
}

func (s *Server) renderRules(w http.ResponseWriter, r *http.Request, status int, problem error) {
	ctx, q := r.Context(), s.cfg.DB.Reader()
	id, _ := who(r)
	code := settingRegionOf(id.user)
	v := &rulesPage{layout: s.newLayout(w, r, "rules.title", "warnings"), Today: s.today().Format(isoDate),
		Saved: r.URL.Query().Get("saved")}
	tr := translator{v.Lang}
	current, err := screening.Rules(ctx, q, code, s.today())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	history, err := screening.History(ctx, q, code)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	codes := []string{code}
	for _, h := range history {
		codes = append(codes, h.Region)
	}
	names, err := s.regionNames(ctx, nonEmpty(codes...))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Setting = settingRegion(tr, names, code)
	if code != "" {
		v.Region, v.RegionName = code, v.Setting
	}
	for _, c := range current {
		rs := ruleSetting{Rule: c.Rule, Current: c, Params: paramRows(tr, c), Uses: usesOf(c.Rule), Form: formOf(c, v.Today)}
		for _, h := range history {
			if h.Rule == c.Rule {
				rs.History = append(rs.History, ruleHistoryRow{RuleVersion: h, RegionName: settingRegion(tr, names, h.Region),
					Params: paramText(tr, h)})
			}
		}
		if problem != nil && r.PostFormValue("rule") == string(c.Rule) {
			rs.Form = typedForm(r)
		}
		v.Rules = append(v.Rules, rs)
	}
	if problem != nil {
		v.Problem, v.ProblemRule = problemOf(problem, v.Lang).Message, screening.Rule(r.PostFormValue("rule"))
	}
	s.render(w, r, status, "rules", v)
}

// handleRuleSave serves POST /admin/rules: a new version of one rule for
// the user's region, taking effect on its date (today or later).
func (s *Server) handleRuleSave(w http.ResponseWriter, r *http.Request) {
	id, _ := who(r)
	v, err := versionOf(r, id.user, s.now())
	if err == nil {
		v, err = screening.SetRule(r.Context(), s.cfg.DB.Writer(), v)
	}
	if fault.KindOf(err) == fault.Invalid {
		s.renderRules(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.audit(r.Context(), audit.Event{Action: "settings.rule", Entity: "rule_setting", EntityID: strconv.FormatInt(v.ID, 10),
		Region: v.Region, Detail: v})
	http.Redirect(w, r, link("/admin/rules", "saved", strconv.FormatInt(v.ID, 10))+"#rule-"+string(v.Rule), http.StatusSeeOther)
}

// needRules guards the rule settings.
func (s *Server) needRules(h http.HandlerFunc) http.HandlerFunc { return s.needRole(canSetRules, h) }

// needScreen guards POST /screen.
func (s *Server) needScreen(h http.HandlerFunc) http.HandlerFunc { return s.needRole(canScreen, h) }
