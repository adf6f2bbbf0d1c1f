package store

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

// PartitionsEnv names the environment variable that makes Migrate
// partition a PostgreSQL database's household-level tables by county
// (Partition), with its value as the number of partitions a table. Set it
// for the first migration of a province's database; the tests set it to run
// the whole suite on partitioned tables (docs/scale.md, "Partitioned by
// county").
const PartitionsEnv = "FANGPIN_PG_PARTITIONS"

// partitionsWanted returns the number of partitions PartitionsEnv asks for
// (0: none), or an error for a value that is not a number from 2 to 1024.
func partitionsWanted() (int, error) {
	v := os.Getenv(PartitionsEnv)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 2 || n > 1024 {
		return 0, fmt.Errorf("store: %s=%q: want a number of partitions from 2 to 1024", PartitionsEnv, v)
	}
	return n, nil
}

// Partitioned reports whether the household tables are partitioned by
// county (always false on SQLite).
func (db *DB) Partitioned(ctx context.Context) (bool, error) {
	if db.Dialect != Postgres {
		return false, nil
	}
	var kind string
	err := db.r.QueryRowContext(ctx, `SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relname = 'households'`).Scan(&kind)
	if err != nil {
		return false, fmt.Errorf("store: is households partitioned: %w", err)
	}
	return kind == "p", nil
}

// partitionedTables are households and the tables of CountyTables: what
// Partition partitions, parents before children.
func partitionedTables() []string {
	out := []string{"households"}
	for _, t := range CountyTables {
		out = append(out, t.Name)
	}
	return out
}

// tableDDL is what Partition reads of a table before it rebuilds it.
type tableDDL struct {
	name     string
	keys     []string // PRIMARY KEY and UNIQUE constraints: name and definition
	fks      []fkDef
	indexes  []indexDef
	triggers []string
	identity bool // has an identity column id
}

type fkDef struct{ table, name, def, references string }

type indexDef struct {
	def    string
	unique bool
}

// Partition rebuilds households and every table of CountyTables as tables
// partitioned by HASH (county) into parts partitions each, keeping their
// rows, in one transaction (PostgreSQL only). Every county's rows of a table
// then lie in one partition, which is what a sharded deployment distributes
// by county (docs/scale.md). The rebuilt tables keep their columns,
// defaults, checks, indexes and triggers, with these changes, which
// PostgreSQL requires of a partitioned table:
//   - a primary key or unique constraint or index also holds county;
//   - a foreign key to another partitioned table becomes (column, county)
//     REFERENCES parent (id, county) ON UPDATE CASCADE, so a row follows
//     its household to another county's partition;
//   - a foreign key to persons is dropped: a row's county is its
//     household's, which a person who moved to another county no longer
//     shares (the application checks the person, as it does today).
//
// A table outside the set that references one inside stops it with an
// error. A database already partitioned is left alone.
func (db *DB) Partition(ctx context.Context, parts int) error {
	if db.Dialect != Postgres {
		return fmt.Errorf("store: partitioning needs PostgreSQL")
	}
	if parts < 2 {
		return fmt.Errorf("store: partition into %d parts: need at least 2", parts)
	}
	done, err := db.Partitioned(ctx)
	if err != nil || done {
		return err
	}
	return db.Transact(ctx, func(tx *Tx) error {
		tables := partitionedTables()
		in := map[string]bool{}
		for _, t := range tables {
			in[t] = true
		}
		ddl := make([]tableDDL, 0, len(tables))
		for _, t := range tables {
			d, err := readDDL(ctx, tx, t, in)
			if err != nil {
				return err
			}
			ddl = append(ddl, d)
		}
		for _, d := range ddl {
			if err := rebuildPartitioned(ctx, tx, d.name, parts, d.identity); err != nil {
				return err
			}
		}
		for _, d := range ddl {
			if err := restoreDDL(ctx, tx, d, in); err != nil {
				return err
			}
		}
		return nil
	})
}

func readDDL(ctx context.Context, tx *Tx, table string, in map[string]bool) (tableDDL, error) {
	d := tableDDL{name: table}
	what := "store: partition " + table
	err := Each(ctx, tx, what+": constraints", func(r Scanner) error {
		var name, kind, def, ref string
		if err := r.Scan(&name, &kind, &def, &ref); err != nil {
			return err
		}
		if kind == "f" {
			d.fks = append(d.fks, fkDef{table, name, def, ref})
		} else {
			d.keys = append(d.keys, "CONSTRAINT "+name+" "+def)
		}
		return nil
	}, `SELECT c.conname, c.contype, pg_get_constraintdef(c.oid), COALESCE(r.relname, '')
		FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class r ON r.oid = c.confrelid
		WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace AND c.contype IN ('p', 'u', 'f')
		ORDER BY c.contype DESC, c.conname`, table)
	if err != nil {
		return d, err
	}
	err = Each(ctx, tx, what+": references", func(r Scanner) error {
		var from, name string
		if err := r.Scan(&from, &name); err != nil {
			return err
		}
		if !in[from] {
			return fmt.Errorf("%s: %s.%s references it, and %s is not partitioned by county", what, from, name, from)
		}
		return nil
	}, `SELECT f.relname, c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.confrelid JOIN pg_class f ON f.oid = c.conrelid
		WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace AND c.contype = 'f'`, table)
	if err != nil {
		return d, err
	}
	err = Each(ctx, tx, what+": indexes", func(r Scanner) error {
		var ix indexDef
		if err := r.Scan(&ix.def, &ix.unique); err != nil {
			return err
		}
		d.indexes = append(d.indexes, ix)
		return nil
	}, `SELECT pg_get_indexdef(i.indexrelid), i.indisunique FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
		WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
		ORDER BY i.indexrelid`, table)
	if err != nil {
		return d, err
	}
	err = Each(ctx, tx, what+": triggers", func(r Scanner) error {
		var def string
		if err := r.Scan(&def); err != nil {
			return err
		}
		d.triggers = append(d.triggers, def)
		return nil
	}, `SELECT pg_get_triggerdef(g.oid) FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
		WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace AND NOT g.tgisinternal ORDER BY g.tgname`, table)
	if err != nil {
		return d, err
	}
	err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id' AND is_identity = 'YES')`,
		table).Scan(&d.identity)
	if err != nil {
		return d, fmt.Errorf("%s: identity: %w", what, err)
	}
	return d, nil
}

// rebuildPartitioned replaces table with a table of the same columns,
// defaults, checks and identity, partitioned by HASH (county), and moves its
// rows there. Its keys, indexes, triggers and foreign keys (and those that
// referenced it) go with the old table; restoreDDL makes them again.
func rebuildPartitioned(ctx context.Context, tx *Tx, table string, parts int, identity bool) error {
	old := table + "_unpartitioned"
	steps := []string{
		"ALTER TABLE " + table + " RENAME TO " + old,
		"CREATE TABLE " + table + " (LIKE " + old + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY" +
			" INCLUDING GENERATED INCLUDING STORAGE) PARTITION BY HASH (county)",
	}
	for i := 0; i < parts; i++ {
		steps = append(steps, fmt.Sprintf("CREATE TABLE %s_p%d PARTITION OF %s FOR VALUES WITH (MODULUS %d, REMAINDER %d)",
			table, i, table, parts, i))
	}
	steps = append(steps, "INSERT INTO "+table+" SELECT * FROM "+old, "DROP TABLE "+old+" CASCADE")
	if identity {
		steps = append(steps, "SELECT setval(pg_get_serial_sequence('"+table+"', 'id'), GREATEST(max(id), 1), max(id) IS NOT NULL) FROM "+table)
	}
	for _, s := range steps {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("store: partition %s: %s: %w", table, s, err)
		}
	}
	return nil
}

// restoreDDL makes a rebuilt table's keys, indexes, triggers and foreign
// keys again, changed as Partition says.
func restoreDDL(ctx context.Context, tx *Tx, d tableDDL, in map[string]bool) error {
	var steps []string
	keys := map[string]bool{}
	for _, k := range d.keys {
		k = withCounty(k)
		keys[columnSet(k)] = true
		steps = append(steps, "ALTER TABLE "+d.name+" ADD "+k)
	}
	for _, ix := range d.indexes {
		def := ix.def
		if ix.unique {
			def = withCounty(def)
			// a key with the county beside a key without (migration 00037)
			// is the same key once the other gains the county
			if !strings.Contains(def, " WHERE ") && keys[columnSet(def)] {
				continue
			}
		}
		steps = append(steps, def)
	}
	steps = append(steps, d.triggers...)
	for _, fk := range d.fks {
		switch {
		case fk.references == "persons":
			continue
		case in[fk.references]:
			steps = append(steps, "ALTER TABLE "+d.name+" ADD CONSTRAINT "+fk.name+" "+countyForeignKey(fk.def))
		default:
			steps = append(steps, "ALTER TABLE "+d.name+" ADD CONSTRAINT "+fk.name+" "+fk.def)
		}
	}
	for _, s := range steps {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("store: partition %s: %s: %w", d.name, s, err)
		}
	}
	return nil
}

// withCounty adds county to the first column list of a key's or an index's
// definition ("PRIMARY KEY (id)", "CREATE UNIQUE INDEX … (a, b) WHERE …"),
// unless it is there already.
func withCounty(def string) string {
	cols, end := firstColumns(def)
	if end < 0 || slices.Contains(cols, "county") {
		return def
	}
	return def[:end] + ", county" + def[end:]
}

// firstColumns returns the columns of the first parenthesised list of a
// key's or an index's definition and where the list closes (-1 when there
// is none).
func firstColumns(def string) (cols []string, end int) {
	open := strings.Index(def, "(")
	if open < 0 {
		return nil, -1
	}
	if end = closing(def, open); end < 0 {
		return nil, -1
	}
	cols = strings.Split(def[open+1:end], ",")
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	return cols, end
}

// countyForeignKey turns "FOREIGN KEY (x) REFERENCES t(id) …" into
// "FOREIGN KEY (x, county) REFERENCES t(id, county) ON UPDATE CASCADE …".
func countyForeignKey(def string) string {
	def = withCounty(def)
	ref := strings.Index(def, "REFERENCES ")
	if ref < 0 {
		return def
	}
	def = def[:ref] + withCounty(def[ref:])
	if !strings.Contains(def, "ON UPDATE") {
		end := closing(def, strings.Index(def[ref:], "(")+ref)
		def = def[:end+1] + " ON UPDATE CASCADE" + def[end+1:]
	}
	return def
}

// columnSet returns the first column list of a key's or an index's
// definition, its columns sorted.
func columnSet(def string) string {
	cols, end := firstColumns(def)
	if end < 0 {
		return def
	}
	slices.Sort(cols)
	return strings.Join(cols, ",")
}

// closing returns the index of the parenthesis that closes the one at open.
func closing(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
