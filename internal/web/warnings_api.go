package web

import (
	"net/http"

	"fangpin/internal/screening"
)

// warningJSON is a warning in the API: the rule, the threshold in force
// when it fired, the computed figures and the rows behind it (ID numbers
// masked).
type warningJSON struct {
	ID            int64               `json:"id"`
	HouseholdCode string              `json:"household_code"`
	Region        string              `json:"region_code"`
	Rule          screening.Rule      `json:"rule"`
	RuleLabel     string              `json:"rule_label"`
	Status        screening.Status    `json:"status"`
	Period        string              `json:"period"`
	AsOf          string              `json:"as_of"`
	Threshold     screening.Threshold `json:"threshold"`
	Figures       map[string]int64    `json:"figures"`
	Evidence      []evidenceJSON      `json:"evidence"`
	EvidenceCount int                 `json:"evidence_count"`
	Decision      string              `json:"decision"`
	Reason        string              `json:"reason"`
	CaseID        int64               `json:"case_id,omitempty"`
	CreatedAt     string              `json:"created_at"`
}

// evidenceJSON is one item of a warning's evidence: a department row (file,
// line, masked ID number and its columns), or the registry's figures of an
// income rule (table household_incomes, facts).
type evidenceJSON struct {
	Table    string            `json:"table"`
	FileID   int64             `json:"file_id,omitempty"`
	FileName string            `json:"file_name,omitempty"`
	RowNo    int               `json:"row_no,omitempty"`
	IDMasked string            `json:"id_masked,omitempty"`
	Values   []screening.Field `json:"values,omitempty"`
	Facts    map[string]int64  `json:"facts,omitempty"`
}

// apiWarnings serves GET /api/v1/warnings?region=&status=&rule=&page=&per_page=
// → {"items":[…],"total":N}, the scope's warnings newest first.
func (s *Server) apiWarnings(w http.ResponseWriter, r *http.Request) {
	f, err := warningFilter(r, 50)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	ctx, q, scope := r.Context(), s.cfg.DB.Reader(), s.scope(r)
	list, total, err := screening.List(ctx, q, scope, f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	items := make([]warningJSON, len(list))
	for i, x := range list {
		rows, err := screening.Evidence(ctx, q, scope, x)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		items[i] = newWarningJSON(x, rows)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
}

func newWarningJSON(x screening.Warning, rows []screening.FeedRow) warningJSON {
	j := warningJSON{ID: x.ID, HouseholdCode: x.HouseholdCode, Region: x.Region, Rule: x.Rule, RuleLabel: x.RuleLabel,
		Status: x.Status, Period: x.Period, AsOf: x.AsOf, Threshold: x.Threshold, Figures: x.Figures,
		Evidence: []evidenceJSON{}, EvidenceCount: x.Evidence.Count, Decision: string(x.Decision), Reason: x.Reason,
		CaseID: x.CaseID, CreatedAt: x.CreatedAt}
	if j.Figures == nil {
		j.Figures = map[string]int64{}
	}
	for _, row := range rows {
		j.Evidence = append(j.Evidence, evidenceJSON{Table: row.Table, FileID: row.FileID, FileName: row.FileName,
			RowNo: row.RowNo, IDMasked: row.IDMasked, Values: row.Values})
	}
	if len(x.Evidence.Facts) > 0 {
		j.Evidence = append(j.Evidence, evidenceJSON{Table: x.Evidence.Table, Facts: x.Evidence.Facts})
	}
	return j
}
