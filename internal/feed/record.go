package feed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fangpin/internal/audit"
	"fangpin/internal/store"
)

// findEarlier fills res from an earlier import of the same file (kind and
// SHA-256) and reports whether there was one.
func findEarlier(ctx context.Context, q store.Querier, res *Result) (bool, error) {
	err := q.QueryRowContext(ctx, `SELECT id, rows, matched, unmatched, uploaded_at FROM feed_files
		WHERE kind = ? AND sha256 = ?`, string(res.Kind), res.SHA256).
		Scan(&res.FileID, &res.Rows, &res.Matched, &res.Unmatched, &res.ImportedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("feed: look up file %s: %w", res.SHA256, err)
	}
	res.Duplicate = true
	return true, nil
}

// insertFile records the file before its rows, which refer to it.
func insertFile(ctx context.Context, q store.Querier, res *Result, opt Options) error {
	var uid any
	if opt.UserID != 0 {
		uid = opt.UserID
	}
	res.ImportedAt = store.Now()
	err := q.QueryRowContext(ctx, `INSERT INTO feed_files (kind, name, sha256, size, user_id, uploader, region_code, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, string(res.Kind), res.FileName, res.SHA256, res.Size,
		uid, opt.Username, opt.Region, res.ImportedAt).Scan(&res.FileID)
	if err != nil {
		return fmt.Errorf("feed: record file: %w", err)
	}
	return nil
}

// finishFile stamps the matched rows with their person's household and its
// county (docs/scale.md, "The county column") unless they were stored with
// them (inserter.flush), stores the file's counts and audits the import, in
// the import's transaction.
func finishFile(ctx context.Context, q store.Querier, res *Result, opt Options, stamped bool) error {
	if res.Matched > 0 && !stamped {
		t := res.Kind.Table()
		_, err := q.ExecContext(ctx, "UPDATE "+t+" SET (household_id, county) = (SELECT p.household_id, p.county FROM persons p WHERE p.id = "+t+
			".person_id) WHERE file_id = ? AND person_id IS NOT NULL", res.FileID)
		if err != nil {
			return fmt.Errorf("feed: stamp households: %w", err)
		}
	}
	_, err := q.ExecContext(ctx, "UPDATE feed_files SET rows = ?, matched = ?, unmatched = ? WHERE id = ?",
		res.Rows, res.Matched, res.Unmatched, res.FileID)
	if err != nil {
		return fmt.Errorf("feed: record counts: %w", err)
	}
	return audit.Record(ctx, q, audit.Event{Action: "feed.import", Entity: "feed_file",
		EntityID: fmt.Sprint(res.FileID), Region: opt.Region, Detail: map[string]any{
			"kind": string(res.Kind), "name": res.FileName, "sha256": res.SHA256, "size": res.Size,
			"rows": res.Rows, "matched": res.Matched, "unmatched": res.Unmatched}})
}

// auditDuplicate records an upload of a file imported before.
func auditDuplicate(ctx context.Context, db *store.DB, res *Result, opt Options) error {
	return audit.New(db).Append(ctx, audit.Event{Action: "feed.import_duplicate", Entity: "feed_file",
		EntityID: fmt.Sprint(res.FileID), Region: opt.Region, Detail: map[string]any{
			"kind": string(res.Kind), "name": res.FileName, "sha256": res.SHA256}})
}
