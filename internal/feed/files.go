package feed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fangpin/internal/store"
)

// File is one imported feed file.
type File struct {
	ID         int64
	Kind       Kind
	Name       string
	SHA256     string
	Size       int64
	Rows       int
	Matched    int
	Unmatched  int
	UserID     int64 // 0 for the command line
	Uploader   string
	Region     string // the uploader's region
	UploadedAt string
}

// FileFilter selects files for a list.
type FileFilter struct {
	Scope   store.Scope // required: files uploaded within this region
	UserID  int64       // only this uploader's files (a department user sees their own); 0 for all
	Kind    Kind        // "" for every kind
	Page    int         // 1-based (default 1)
	PerPage int         // default 50, at most 500
}

const fileCols = "id, kind, name, sha256, size, rows, matched, unmatched, user_id, uploader, region_code, uploaded_at"

// Files lists the files the filter selects, newest first, with their total.
func Files(ctx context.Context, q store.Querier, f FileFilter) ([]File, int, error) {
	w, args, err := f.conditions()
	if err != nil {
		return nil, 0, err
	}
	return store.CollectPage(ctx, q, "feed: list files", scanFile, "SELECT count(*) FROM feed_files"+w,
		"SELECT "+fileCols+" FROM feed_files"+w+fileOrder, args, store.Page{Page: f.Page, PerPage: f.PerPage})
}

// ForEachFile calls fn with every file the filter selects, in Files' order
// (paging ignored), reading them with one cursor; it stops at the first
// error of fn or of ctx.
func ForEachFile(ctx context.Context, q store.Querier, f FileFilter, fn func(File) error) error {
	w, args, err := f.conditions()
	if err != nil {
		return err
	}
	return store.ForEach(ctx, q, "feed: list files", scanFile, fn, "SELECT "+fileCols+" FROM feed_files"+w+fileOrder, args...)
}

// fileOrder is the order of the file lists: the newest first.
const fileOrder = " ORDER BY id DESC"

// conditions is the WHERE clause of the filter, the scope first.
func (f FileFilter) conditions() (string, []any, error) {
	cond, args, err := f.Scope.Where("region_code")
	if err != nil {
		return "", nil, err
	}
	where := []string{cond}
	if f.UserID != 0 {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(f.Kind))
	}
	return " WHERE " + strings.Join(where, " AND "), args, nil
}

// FindFile returns one file if it was uploaded within scope (ErrNotFound
// otherwise, as for a file that does not exist).
func FindFile(ctx context.Context, q store.Querier, scope store.Scope, id int64) (File, error) {
	cond, args, err := scope.Where("region_code")
	if err != nil {
		return File{}, err
	}
	row := q.QueryRowContext(ctx, "SELECT "+fileCols+" FROM feed_files WHERE id = ? AND "+cond,
		append([]any{id}, args...)...)
	f, err := scanFile(row)
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, store.ErrNotFound
	}
	return f, err
}

func scanFile(s store.Scanner) (File, error) {
	var f File
	var kind string
	var uid sql.NullInt64
	err := s.Scan(&f.ID, &kind, &f.Name, &f.SHA256, &f.Size, &f.Rows, &f.Matched, &f.Unmatched, &uid,
		&f.Uploader, &f.Region, &f.UploadedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return f, err
	}
	if err != nil {
		return f, fmt.Errorf("feed: read file: %w", err)
	}
	f.Kind, f.UserID = Kind(kind), uid.Int64
	return f, nil
}

// paging turns a 1-based page and a page size into LIMIT and OFFSET.
