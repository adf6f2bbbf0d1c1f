package screening

import (
	"context"
	"fmt"

	"fangpin/internal/store"
)

// FileWarning is a warning as the department that uploaded a feed file
// sees it: the rule and where the warning stands, nothing of the household.
type FileWarning struct {
	ID        int64  `json:"id"`
	Rule      Rule   `json:"rule"`
	RuleLabel string `json:"rule_label"`
	Status    Status `json:"status"`
	Period    string `json:"period"`
	CreatedAt string `json:"created_at"`
}

// ForFile returns the warnings that rows of one feed file triggered, oldest
// first. It is not scoped: the caller shows it only to the department that
// uploaded the file (or to staff who may see the file).
func ForFile(ctx context.Context, q store.Querier, fileID int64) ([]FileWarning, error) {
	return store.Collect(ctx, q, fmt.Sprintf("screening: warnings of feed file %d", fileID), func(rows store.Scanner) (FileWarning, error) {
		var w FileWarning
		if err := rows.Scan(&w.ID, &w.Rule, &w.Status, &w.Period, &w.CreatedAt); err != nil {
			return w, err
		}
		w.RuleLabel = w.Rule.Label()
		return w, nil
	}, `SELECT w.id, w.rule, w.status, w.period, w.created_at FROM warning_files f
		JOIN warnings w ON w.id = f.warning_id WHERE f.file_id = ? ORDER BY w.id`, fileID)
}
