package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fangpin/internal/fault"
	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/tabular"
)

// ErrRejected is returned when a file has invalid rows (or lacks a required
// column): the problems are in Result.Issues and nothing was stored.
var ErrRejected = fault.Invalidt("部门数据文件有错误，未导入任何数据", "The department file has errors: nothing was imported")

// DefaultMaxIssues is how many problems a Result lists by default; all are
// counted.
const DefaultMaxIssues = 1000

// Options say who imports a file and how to report progress.
type Options struct {
	FileName  string                // name shown and stored (default: the path's base name)
	UserID    int64                 // the uploader; 0 on the command line
	Username  string                // the uploader's name ("cli:…" on the command line)
	Region    string                // the uploader's region code
	Now       time.Time             // the import's clock (default time.Now); dates after its day in China are refused
	Progress  func(done, total int) // rows read and the estimated total (0 while unknown), a few times a second
	MaxIssues int                   // problems listed (default DefaultMaxIssues)
}

// Result reports what an import did (JSON for a job's result).
type Result struct {
	FileID     int64    `json:"file_id"` // the stored file (the earlier one for a duplicate)
	Kind       Kind     `json:"kind"`
	FileName   string   `json:"file_name"`
	Encoding   string   `json:"encoding"` // "UTF-8", "UTF-8 BOM", "GB18030" or "XLSX"
	SHA256     string   `json:"sha256"`
	Size       int64    `json:"size"`        // bytes
	Rows       int      `json:"rows"`        // data rows stored
	Matched    int      `json:"matched"`     // rows whose ID number matched a registered person
	Unmatched  int      `json:"unmatched"`   // rows that matched nobody (stored with person_id NULL)
	Duplicate  bool     `json:"duplicate"`   // the same file (kind and SHA-256) was imported before: nothing stored
	ImportedAt string   `json:"imported_at"` // when the file was stored (the earlier import's time for a duplicate)
	Issues     []Issue  `json:"issues"`
	IssueCount int      `json:"issue_count"` // problems found; Issues holds the first MaxIssues
	Warnings   []string `json:"warnings"`
}

// Import reads a feed file of the given kind (CSV in UTF-8 or GB18030, or
// XLSX), checks every row and, when all rows are valid, stores them in one
// transaction with the file's record and its audit entry. A file whose kind
// and SHA-256 were imported before is not read again: the Result says
// Duplicate and names the earlier file. Invalid rows give ErrRejected with
// the problems in Result.Issues, and nothing is stored.
func Import(ctx context.Context, db *store.DB, keys *pii.Keys, kind Kind, path string, opt Options) (*Result, error) {
	if !kind.valid() {
		return nil, fmt.Errorf("feed: unknown kind %q", kind)
	}
	opt = opt.withDefaults(path)
	res := &Result{Kind: kind, FileName: opt.FileName}
	var err error
	if res.SHA256, res.Size, err = tabular.Digest(path); err != nil {
		return nil, fmt.Errorf("feed: read %s: %w", opt.FileName, err)
	}
	if found, err := findEarlier(ctx, db.Reader(), res); err != nil || found {
		if found {
			err = auditDuplicate(ctx, db, res, opt)
		}
		return res, err
	}
	src, err := openSource(path)
	if err != nil {
		return res, rejectFile(res, err)
	}
	defer src.Close()
	res.Encoding = src.t.Encoding
	l, issues, warnings := newLayout(kind, src.t.Header)
	res.Warnings = warnings
	if len(issues) > 0 {
		res.Issues, res.IssueCount = issues, len(issues)
		return res, ErrRejected
	}
	err = db.Transact(ctx, func(tx *store.Tx) error {
		// SQLite counts the sectors block's change once for the file, not once a row (migration 00035)
		resume, err := store.PauseInsertCounts(ctx, tx, kind.Table())
		if err != nil {
			return err
		}
		if err := importRows(ctx, tx, db, keys, kind, l, src, opt, res); err != nil {
			return err
		}
		return resume()
	})
	return res, settle(ctx, db, res, opt, err)
}

// rejectFile turns a file that is no table into the file's one problem.
func rejectFile(res *Result, err error) error {
	var fe formatError
	if !errors.As(err, &fe) {
		return fmt.Errorf("打开%s: %w", res.FileName, err)
	}
	res.Issues, res.IssueCount = []Issue{{Row: 0, Col: -1, Message: tabular.Echo(fe.Error())}}, 1
	return ErrRejected
}

// settle is the outcome of the import transaction: a unique violation means
// another upload of the same file won the race (a duplicate); any error
// rolled everything back.
func settle(ctx context.Context, db *store.DB, res *Result, opt Options, err error) error {
	if store.IsUniqueViolation(err) {
		if found, ferr := findEarlier(ctx, db.Reader(), res); ferr == nil && found {
			res.Issues, res.IssueCount = nil, 0
			return auditDuplicate(ctx, db, res, opt)
		}
	}
	if err == nil {
		return nil
	}
	res.FileID, res.ImportedAt, res.Rows, res.Matched, res.Unmatched = 0, "", 0, 0, 0
	if errors.Is(err, ErrRejected) {
		return err
	}
	return fmt.Errorf("feed: import %s: %w", opt.FileName, err)
}

// ImportReader is Import for an upload: it copies r to a temporary file
// first (the file's checksum is needed before it is read, and an XLSX file
// is read out of order).
func ImportReader(ctx context.Context, db *store.DB, keys *pii.Keys, kind Kind, r io.Reader, opt Options) (*Result, error) {
	f, err := os.CreateTemp("", "fangpin-feed-*")
	if err != nil {
		return nil, fmt.Errorf("feed: spool upload: %w", err)
	}
	defer os.Remove(f.Name())
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("feed: spool upload: %w", err)
	}
	if opt.FileName == "" {
		opt.FileName = "upload"
	}
	return Import(ctx, db, keys, kind, f.Name(), opt)
}

func (o Options) withDefaults(path string) Options {
	if o.FileName == "" {
		o.FileName = filepath.Base(path)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.MaxIssues <= 0 {
		o.MaxIssues = DefaultMaxIssues
	}
	if o.Username == "" {
		o.Username = "system"
	}
	return o
}

// importRows is the transaction of an import: the file's record, its rows,
// its counts and the audit entry.
func importRows(ctx context.Context, tx *store.Tx, db *store.DB, keys *pii.Keys, kind Kind, l *layout,
	src *source, opt Options, res *Result) error {
	if err := insertFile(ctx, tx, res, opt); err != nil {
		return err
	}
	ins, err := newInserter(ctx, tx, kind, res.FileID)
	if err != nil {
		return err
	}
	defer ins.close()
	p := newPipeline(newConverter(l, src.t.Header, keys, ins.lead(), opt), src)
	if err := p.run(ctx, db.Reader(), ins, res, opt); err != nil {
		return err
	}
	if res.IssueCount == 0 && res.Rows == 0 { // recorded, it would refuse the real file as a duplicate
		res.Issues, res.IssueCount = []Issue{{Row: 0, Col: -1, Message: "文件中没有数据行"}}, 1
	}
	if res.IssueCount > 0 {
		return ErrRejected
	}
	stamped, err := ins.flush(ctx)
	if err != nil {
		return err
	}
	return finishFile(ctx, tx, res, opt, stamped)
}
