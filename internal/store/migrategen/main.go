// Command migrategen writes the PostgreSQL migrations from the SQLite ones.
//
// The SQLite tree (internal/store/migrations/sqlite) is the source; every
// file of it is rewritten by the rules of rewrite.go into the file of the
// same name under migrations/postgres, and PostgreSQL files without a SQLite
// source are removed. Run it with `go generate ./internal/store` after
// changing a SQLite migration, and commit both trees: the binary embeds
// them, and TestGenerated fails while the PostgreSQL tree is out of date.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	src := flag.String("sqlite", "migrations/sqlite", "folder of the SQLite migrations (the source)")
	dst := flag.String("postgres", "migrations/postgres", "folder of the PostgreSQL migrations (written)")
	flag.Parse()
	if err := generate(*src, *dst); err != nil {
		fmt.Fprintln(os.Stderr, "migrategen:", err)
		os.Exit(1)
	}
}

// generate rewrites every .sql file of src into dst and removes the .sql
// files of dst that have no source.
func generate(src, dst string) error {
	want, err := expected(src)
	if err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dst, "*.sql"))
	for _, p := range old {
		if _, ok := want[filepath.Base(p)]; !ok {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	for name, text := range want {
		if err := os.WriteFile(filepath.Join(dst, name), text, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// expected returns the PostgreSQL text of every migration under src, by
// file name.
func expected(src string) (map[string][]byte, error) {
	files, err := filepath.Glob(filepath.Join(src, "*.sql"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no migrations in %s", src)
	}
	out := make(map[string][]byte, len(files))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		pg, err := Postgres(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out[filepath.Base(p)] = pg
	}
	return out, nil
}
