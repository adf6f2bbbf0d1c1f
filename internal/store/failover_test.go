package store

import (
	"context"
	"net/url"
	"os"
	"testing"
)

// TestMultiHostDSN: a DSN naming several hosts with
// target_session_attrs=read-write (the failover set-up of
// docs/operations.md) skips a host that does not answer and connects to the
// writable one.
func TestMultiHostDSN(t *testing.T) {
	dsn := os.Getenv("FANGPIN_TEST_PG")
	if dsn == "" {
		t.Skip("FANGPIN_TEST_PG not set")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = "127.0.0.1:1," + u.Host // nothing listens on port 1
	q := u.Query()
	q.Set("target_session_attrs", "read-write")
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	db, err := Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ro string
	if err := db.Reader().QueryRowContext(context.Background(), "SHOW transaction_read_only").Scan(&ro); err != nil || ro != "off" {
		t.Fatalf("read-only %q %v", ro, err)
	}
}
