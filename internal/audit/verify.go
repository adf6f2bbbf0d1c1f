package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fangpin/internal/store"
)

// BrokenError is the first place where the audit chain does not hold.
type BrokenError struct {
	ID     int64  // the edited entry, the first missing one, or the first not covered by the head
	Reason string // Chinese, then English in parentheses
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("audit: chain broken at entry %d: %s", e.ID, e.Reason)
}

// Verify walks the log in id order, recomputing every hash, and returns how
// many entries it checked and a *BrokenError at the first edited entry,
// broken link, gap in ids (a removed entry) or disagreement with audit_head
// (removed last entries). It reads the head first and checks the entries up
// to it, so entries appended while it runs do not count as broken.
func Verify(ctx context.Context, q store.Querier) (checked int, err error) {
	var headID int64
	var headHash string
	if err := q.QueryRowContext(ctx, "SELECT last_id, last_hash FROM audit_head WHERE id = 1").Scan(&headID, &headHash); err != nil {
		return 0, fmt.Errorf("audit: verify: read head: %w", err)
	}
	last, checked, err := walk(ctx, q, headID)
	if err != nil {
		return checked, err
	}
	if err := checkHead(ctx, q, headID, headHash, last); err != nil {
		return checked, err
	}
	return checked, nil
}

// walk streams the entries up to headID and returns the last one checked.
func walk(ctx context.Context, q store.Querier, headID int64) (last row, checked int, err error) {
	err = store.Each(ctx, q, "audit: verify", func(rows store.Scanner) error {
		var r row
		if err := r.scan(rows); err != nil {
			return err
		}
		if err := link(last, r); err != nil {
			return err
		}
		last = r
		checked++
		return nil
	}, "SELECT "+columns+" FROM audit_log WHERE id <= ? ORDER BY id", headID)
	if err != nil {
		return last, 0, err
	}
	return last, checked, nil
}

// link checks r against its predecessor prev (the zero row before the first).
func link(prev, r row) error {
	switch {
	case r.ID != prev.ID+1:
		return &BrokenError{prev.ID + 1, fmt.Sprintf(
			"记录缺失：编号从 %d 跳到 %d (gap in ids: entry deleted)", prev.ID, r.ID)}
	case r.PrevHash != prev.Hash:
		return &BrokenError{r.ID, "链条断开：prev_hash 与上一条记录的哈希不符 (chain broken: prev_hash does not match the previous entry)"}
	case r.hash() != r.Hash:
		return &BrokenError{r.ID, "记录被修改：哈希不符 (entry edited: hash mismatch)"}
	}
	return nil
}

// checkHead compares audit_head with the last entry, and looks for entries
// past the head that no append put there.
func checkHead(ctx context.Context, q store.Querier, headID int64, headHash string, last row) error {
	switch {
	case headID != last.ID:
		return &BrokenError{last.ID + 1, fmt.Sprintf(
			"链头不符：audit_head 记到第 %d 条，表中最后一条是第 %d 条 (head mismatch: last entries deleted)", headID, last.ID)}
	case headHash != last.Hash:
		return &BrokenError{last.ID, "链头不符：最后一条记录的哈希与 audit_head 不符 (head mismatch: last entry rewritten)"}
	}
	var next, now int64
	err := q.QueryRowContext(ctx,
		"SELECT l.id, h.last_id FROM audit_log l, audit_head h WHERE h.id = 1 AND l.id > ? ORDER BY l.id LIMIT 1", headID).Scan(&next, &now)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit: verify: %w", err)
	}
	if now < next { // not appended since the head was read: put behind the head's back
		return &BrokenError{next, "记录在链头之后 (entry past the head: not appended through the log)"}
	}
	return nil
}
