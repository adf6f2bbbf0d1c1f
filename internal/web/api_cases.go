package web

import (
	"context"
	"encoding/json"
	"net/http"

	"fangpin/internal/casework"
	"fangpin/internal/fault"
	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// caseJSON is a case in the API, with what the caller may do next.
type caseJSON struct {
	ID          int64    `json:"id"`
	Region      string   `json:"region_code"`
	Household   int64    `json:"household_id,omitempty"`
	HeadName    string   `json:"head_name"`
	Source      string   `json:"source"`
	SourceRef   string   `json:"source_ref"`
	State       string   `json:"state"`
	StateLabel  string   `json:"state_label"`
	RiskTypes   []string `json:"risk_types"`
	Description string   `json:"description"`
	Green       bool     `json:"green_channel"`
	Category    string   `json:"category"`
	Outcome     string   `json:"outcome"`
	Reason      string   `json:"outcome_reason"`
	OpenedAt    string   `json:"opened_at"`
	AcceptDue   string   `json:"accept_due"`
	VerifyDue   string   `json:"verify_due"`
	TotalDue    string   `json:"total_due"`
	Overdue     bool     `json:"overdue"`
	Actions     []string `json:"actions"`
	Purpose     string   `json:"purpose"`          // identification or elimination
	Mode        string   `json:"elimination_mode"` // 帮扶消除 / 自然消除 for an elimination case
	// who to call: the self-report's reporter (masked), and the registered
	// household of the case or of the reported ID number
	Reporter      *contactJSON `json:"reporter,omitempty"`
	HouseholdCode string       `json:"household_code,omitempty"`
}

// withContact adds the case's contact (selfreport.Contacts).
func (j *caseJSON) withContact(c selfreport.Contact) {
	j.HouseholdCode = c.Household
	if c.Receipt != "" {
		j.Reporter = &contactJSON{Name: c.Name, IDMasked: c.IDMasked, PhoneMasked: c.PhoneMasked}
	}
}

func (s *Server) caseJSON(r *http.Request, c casework.Case) caseJSON {
	j := caseJSON{ID: c.ID, Region: c.Region, Household: c.HouseholdID, HeadName: c.HeadName, Source: string(c.Source),
		SourceRef: c.SourceRef, State: string(c.State), StateLabel: c.State.Label(), RiskTypes: c.RiskTypes,
		Description: c.Description, Green: c.Green, Category: c.Category, Outcome: string(c.Outcome),
		Reason: c.OutcomeReason, OpenedAt: c.OpenedAt, AcceptDue: c.AcceptDue, VerifyDue: c.VerifyDue,
		TotalDue: c.TotalDue, Overdue: c.Overdue(s.now()), Actions: []string{},
		Purpose: string(c.Purpose), Mode: c.Mode}
	if j.RiskTypes == nil {
		j.RiskTypes = []string{}
	}
	if j.Purpose == "" {
		j.Purpose = string(casework.PurposeIdentification)
	}
	if id, ok := who(r); ok {
		for _, a := range casework.Actions {
			if casework.AllowedFor(c.Purpose, c.State, a, c.Green) && casework.May(id.user, c.State, a) {
				j.Actions = append(j.Actions, string(a))
			}
		}
	}
	return j
}

// apiCases serves GET /api/v1/cases?region=&status=&overdue=true&open=true.
func (s *Server) apiCases(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := casework.Filter{Region: q.Get("region"), State: casework.State(q.Get("status")), Open: q.Get("open") == "true"}
	if f.State != "" && !f.State.Valid() {
		s.apiError(w, r, unprocessable("status", fault.T("未知的案件状态", "unknown case status")))
		return
	}
	if q.Get("overdue") == "true" {
		f.OverdueAt = s.now()
	}
	pg, err := pageParams(r, 50)
	f.Page, f.PerPage = pg.Page, pg.PerPage
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	cases, total, err := casework.List(r.Context(), s.cfg.DB.Reader(), s.scope(r), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ids := make([]int64, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	contacts, err := s.caseContacts(r, ids...)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	items := make([]caseJSON, len(cases))
	for i, c := range cases {
		items[i] = s.caseJSON(r, c)
		items[i].withContact(contacts[c.ID])
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
}

// apiCaseAction serves POST /api/v1/cases/{id}/actions:
// {"action","comment","data":{…}} → the case after the step; 409 when the
// step is not allowed from its state.
func (s *Server) apiCaseAction(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	var in struct {
		Action  string        `json:"action"`
		Comment string        `json:"comment"`
		Data    casework.Data `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Action == "" {
		s.apiError(w, r, badRequest("body", fault.T("需要 JSON：{\"action\",\"comment\",\"data\"}", "a JSON body {\"action\",\"comment\",\"data\"} is required")))
		return
	}
	user, _ := who(r)
	c, err := inTx(s, r, func(ctx context.Context, tx *store.Tx) (casework.Case, error) {
		return casework.Act(ctx, tx, s.scope(r), user.user, id, casework.Action(in.Action), in.Comment, in.Data, s.now())
	})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.caseJSON(r, c))
}
