package feed

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"fangpin/internal/store"
)

// UnmatchedRow is a stored row whose ID number matches no registered person.
type UnmatchedRow struct {
	RowNo    int    // line in the file
	IDMasked string // 620102********123X
}

// UnmatchedReason is the reason given for every unmatched row.
const UnmatchedReason = "登记库中无此证件号码"

// UnmatchedRows lists a file's unmatched rows in file order, a page at a
// time (1-based; perPage default 50, at most 500: store.Page), with their total. The
// caller checks that the user may see the file (FindFile).
func UnmatchedRows(ctx context.Context, q store.Querier, fileID int64, page, perPage int) ([]UnmatchedRow, int, error) {
	kind, err := kindOf(ctx, q, fileID)
	if err != nil {
		return nil, 0, err
	}
	var total int
	err = q.QueryRowContext(ctx, "SELECT count(*) FROM "+kind.Table()+" WHERE file_id = ? AND person_id IS NULL", fileID).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("feed: count unmatched rows of file %d: %w", fileID, err)
	}
	limit, offset := store.Page{Page: page, PerPage: perPage}.Limits()
	var out []UnmatchedRow
	err = eachUnmatched(ctx, q, kind, fileID, limit, offset, func(r UnmatchedRow) error {
		out = append(out, r)
		return nil
	})
	return out, total, err
}

// WriteUnmatchedCSV writes all unmatched rows of a file as CSV for download:
// 行号, 证件号码 (masked), 原因; UTF-8 with a BOM so that Excel reads it.
func WriteUnmatchedCSV(ctx context.Context, q store.Querier, fileID int64, w io.Writer) error {
	kind, err := kindOf(ctx, q, fileID)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"行号", "证件号码", "原因"})
	err = eachUnmatched(ctx, q, kind, fileID, -1, 0, func(r UnmatchedRow) error {
		return cw.Write([]string{strconv.Itoa(r.RowNo), r.IDMasked, UnmatchedReason})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func kindOf(ctx context.Context, q store.Querier, fileID int64) (Kind, error) {
	var kind string
	if err := q.QueryRowContext(ctx, "SELECT kind FROM feed_files WHERE id = ?", fileID).Scan(&kind); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			err = store.ErrNotFound
		}
		return "", fmt.Errorf("feed: file %d: %w", fileID, err)
	}
	if k := Kind(kind); k.valid() {
		return k, nil
	}
	return "", fmt.Errorf("feed: file %d has unknown kind %q", fileID, kind)
}

// eachUnmatched calls fn for the unmatched rows of a file in row order
// (limit -1: all of them).
func eachUnmatched(ctx context.Context, q store.Querier, kind Kind, fileID int64, limit, offset int, fn func(UnmatchedRow) error) error {
	query := "SELECT row_no, id_masked FROM " + kind.Table() + " WHERE file_id = ? AND person_id IS NULL ORDER BY row_no"
	args := []any{fileID}
	if limit >= 0 {
		query, args = query+" LIMIT ? OFFSET ?", append(args, limit, offset)
	}
	return store.Each(ctx, q, fmt.Sprintf("feed: unmatched rows of file %d", fileID), func(rows store.Scanner) error {
		var r UnmatchedRow
		if err := rows.Scan(&r.RowNo, &r.IDMasked); err != nil {
			return err
		}
		return fn(r)
	}, query, args...)
}
