package screening

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"fangpin/internal/store"
)

// Warning is one rule firing for one household in one period, routed to
// the household's village.
type Warning struct {
	ID            int64            `json:"id"`
	HouseholdID   int64            `json:"household_id"`
	HouseholdCode string           `json:"household_code"`
	Region        string           `json:"region_code"` // the household's village
	Rule          Rule             `json:"rule"`
	RuleLabel     string           `json:"rule_label"`
	Period        string           `json:"period"`
	Status        Status           `json:"status"`
	AsOf          string           `json:"as_of"` // of the run that created it
	RunID         int64            `json:"run_id,omitempty"`
	Threshold     Threshold        `json:"threshold"`
	Figures       map[string]int64 `json:"figures"`
	Evidence      EvidenceRef      `json:"evidence"`
	PersonID      int64            `json:"person_id,omitempty"`
	Decision      DecisionKind     `json:"decision,omitempty"`
	Reason        string           `json:"reason,omitempty"`
	CaseID        int64            `json:"case_id,omitempty"`
	DecidedBy     string           `json:"decided_by,omitempty"`
	DecidedAt     string           `json:"decided_at,omitempty"`
	CreatedAt     string           `json:"created_at"`
}

const warningCols = `w.id, w.household_id, COALESCE(h.code, ''), w.region_code, w.rule, w.period, w.status, w.as_of,
	w.run_id, w.threshold, w.figures, w.evidence, w.person_id, w.decision, w.reason, w.case_id, w.decided_by,
	w.decided_at, w.created_at`

const warningFrom = " FROM warnings w LEFT JOIN households h ON h.id = w.household_id"

func scanWarning(s store.Scanner) (Warning, error) {
	var w Warning
	var run, person, caseID sql.NullInt64
	var th, fig, ev string
	err := s.Scan(&w.ID, &w.HouseholdID, &w.HouseholdCode, &w.Region, &w.Rule, &w.Period, &w.Status, &w.AsOf, &run,
		&th, &fig, &ev, &person, &w.Decision, &w.Reason, &caseID, &w.DecidedBy, &w.DecidedAt, &w.CreatedAt)
	if err != nil {
		return w, err
	}
	w.RunID, w.PersonID, w.CaseID, w.RuleLabel = run.Int64, person.Int64, caseID.Int64, w.Rule.Label()
	if err := firstErr(decode(th, &w.Threshold), decode(fig, &w.Figures), decode(ev, &w.Evidence)); err != nil {
		return w, fmt.Errorf("warning %d: %w", w.ID, err)
	}
	return w, nil
}

// decode reads a stored JSON column; an empty value or an empty array
// (warnings written by hand, in other packages' tests) reads as nothing.
func decode(s string, v any) error {
	if s == "" || s == "[]" || s == "{}" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// Find returns a warning of the scope; one outside it is store.ErrNotFound.
func Find(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Warning, error) {
	where, args, err := scope.Where("w.region_code")
	if err != nil {
		return Warning{}, err
	}
	w, err := scanWarning(q.QueryRowContext(ctx, "SELECT "+warningCols+warningFrom+" WHERE w.id = ? AND "+where,
		append([]any{id}, args...)...))
	return w, store.Found(err, fmt.Sprintf("screening: warning %d", id))
}
