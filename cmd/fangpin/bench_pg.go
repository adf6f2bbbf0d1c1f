package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
)

// createPGBenchDB creates a database on the server of dsn for one bench
// run and returns its URL and a function that drops it (unless keep).
func createPGBenchDB(ctx context.Context, dsn string, keep bool) (string, func(), error) {
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close(ctx)
	b := make([]byte, 4)
	rand.Read(b)
	name := "fangpin_bench_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		if keep {
			fmt.Fprintf(os.Stderr, "bench: kept database %s\n", u.String())
			return
		}
		if a, err := pgx.Connect(context.Background(), dsn); err == nil {
			a.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			a.Close(context.Background())
		}
	}
	return u.String(), drop, nil
}

// rawCopy is the baseline: PostgreSQL's own COPY of the same CSV file into a
// bare table of text columns, with no checking, matching or indexes. It
// returns the seconds it took.
func rawCopy(ctx context.Context, dbURL, path string) (float64, error) {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE bench_raw (id_number text, settled text, total text, basic text,
		serious text, assist text, oop text, disease text)`)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := copyCSV(ctx, conn, "bench_raw", path); err != nil {
		return 0, err
	}
	secs := time.Since(start).Seconds()
	_, err = conn.Exec(ctx, "DROP TABLE bench_raw")
	return secs, err
}

// copyCSV copies the CSV file (with its header) into table with COPY.
func copyCSV(ctx context.Context, conn *pgx.Conn, table, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := conn.PgConn().CopyFrom(ctx, f, "COPY "+table+" FROM STDIN WITH (FORMAT csv, HEADER true)"); err != nil {
		return fmt.Errorf("raw copy: %w", err)
	}
	return nil
}
