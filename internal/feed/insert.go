package feed

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/store"
)

// sqliteRows is how many rows one SQLite INSERT carries (at 12 or 13
// columns, well within SQLite's 32,766 parameters).
const sqliteRows = 500

// inserter writes converted rows into a feed table: multi-row INSERTs
// through one prepared statement on SQLite, one streaming COPY into a
// staging table on PostgreSQL, from which flush inserts them into the feed
// table with their household and county (see stageTable).
type inserter struct {
	tx     *store.Tx
	table  string
	cols   []string  // every column, file_id first
	fileID int64     //
	stmt   *sql.Stmt // SQLite: INSERT of sqliteRows rows
	cp     *copier   // PostgreSQL
}

func newInserter(ctx context.Context, tx *store.Tx, kind Kind, fileID int64) (*inserter, error) {
	cols := append(append([]string{}, commonCols...), fieldsOf(kind)...)
	in := &inserter{tx: tx, table: kind.Table(), cols: cols, fileID: fileID}
	if tx.CanCopy() {
		_, err := tx.ExecContext(ctx, "CREATE TEMP TABLE "+stageTable+" ON COMMIT DROP AS SELECT "+
			strings.Join(cols, ", ")+" FROM "+in.table+" WITH NO DATA")
		if err != nil {
			return nil, fmt.Errorf("feed: stage %s: %w", in.table, err)
		}
		in.cp = startCopy(ctx, tx, stageTable, cols)
		return in, nil
	}
	stmt, err := tx.PrepareContext(ctx, in.insertSQL(sqliteRows))
	if err != nil {
		return nil, fmt.Errorf("feed: prepare insert into %s: %w", in.table, err)
	}
	in.stmt = stmt
	return in, nil
}

func fieldsOf(kind Kind) []string {
	var fs []string
	for _, c := range specs[kind].cols {
		fs = append(fs, c.field)
	}
	return fs
}

// insertSQL is a multi-row INSERT with the file's id as a literal: one
// parameter less to bind per row.
func (in *inserter) insertSQL(rows int) string {
	one := "(" + strconv.FormatInt(in.fileID, 10) + strings.Repeat(",?", len(in.cols)-1) + ")"
	return "INSERT INTO " + in.table + " (" + strings.Join(in.cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// lead is what a converted row holds before row_no: the file's id for COPY,
// nothing for SQLite.
func (in *inserter) lead() []any {
	if in.cp != nil {
		return []any{in.fileID}
	}
	return nil
}

// add stores rows given as consecutive values, as many per row as the
// converter's width.
func (in *inserter) add(ctx context.Context, args []any) error {
	if in.cp != nil {
		return in.cp.add(args)
	}
	n := len(in.cols) - 1
	full := sqliteRows * n
	for ; len(args) >= full; args = args[full:] {
		if _, err := in.stmt.ExecContext(ctx, args[:full]...); err != nil {
			return fmt.Errorf("feed: insert into %s: %w", in.table, err)
		}
	}
	if len(args) == 0 {
		return nil
	}
	// only the file's last chunk has a part of a statement left over
	if _, err := in.tx.ExecContext(ctx, in.insertSQL(len(args)/n), args...); err != nil {
		return fmt.Errorf("feed: insert into %s: %w", in.table, err)
	}
	return nil
}

// stageTable holds a PostgreSQL import's rows until flush. Written once from
// the staging table, each row is stored with its household and county: the
// feed table is partitioned by county (docs/scale.md), and stamping the
// rows after the COPY (as finishFile does on SQLite) moved nearly every
// row from the partition of the empty county to its own, a delete and an
// insert a row; on one table it writes every row twice.
const stageTable = "feed_stage"

// flush stores the rows: on SQLite every row is stored already (and
// finishFile stamps the households); on PostgreSQL it ends the COPY and
// inserts the staged rows, in file order, with their person's household
// and county. It reports whether the rows carry them.
func (in *inserter) flush(ctx context.Context) (stamped bool, err error) {
	if in.cp == nil {
		return false, nil
	}
	if err := in.cp.finish(); err != nil {
		return false, err
	}
	cols := strings.Join(in.cols, ", ")
	_, err = in.tx.ExecContext(ctx, "INSERT INTO "+in.table+" ("+cols+", household_id, county) SELECT s."+
		strings.ReplaceAll(cols, ", ", ", s.")+", p.household_id, COALESCE(p.county, '') FROM "+stageTable+
		" s LEFT JOIN persons p ON p.id = s.person_id ORDER BY s.row_no")
	if err != nil {
		return false, fmt.Errorf("feed: insert into %s: %w", in.table, err)
	}
	return true, nil
}

// close releases the statement, or ends the COPY (when the import failed
// before flush; the transaction rolls back).
func (in *inserter) close() {
	if in.stmt != nil {
		in.stmt.Close()
	}
	if in.cp != nil {
		in.cp.finish()
	}
}
