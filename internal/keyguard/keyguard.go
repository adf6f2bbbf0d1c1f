// Package keyguard ties the master key to the database it encrypts: it stores
// the key's check value (table key_check), refuses a database whose personal
// data was written under another key or whose key is missing, creates a key
// only for an empty database, and rotates the key (rotate.go) while the
// server keeps running (Watch).
package keyguard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"fangpin/internal/pii"
	"fangpin/internal/store"
	"fangpin/internal/tick"
)

// The key files in the data folder beside pii.KeyFile: the new key while a
// rotation runs, and the previous key after one.
const (
	NextFile = pii.KeyFile + ".next"
	OldFile  = pii.KeyFile + ".old"
)

// ErrMissing and ErrMismatch are the two refusals of Open.
var (
	ErrMissing  = errors.New("数据库中已有加密的个人信息，但找不到密钥（环境变量 FANGPIN_KEY 或数据目录中的 fangpin.key）：请放回原来的密钥后再启动，不会生成新密钥 (key missing)")
	ErrMismatch = errors.New("密钥与数据库不匹配：数据库中的个人信息是用另一个密钥加密的，请换回原来的密钥（FANGPIN_KEY 或数据目录中的 fangpin.key）后再启动 (key does not match the database)")
)

// row is the key_check row.
type row struct {
	check, next string
	found       bool
}

func readRow(ctx context.Context, q store.Querier) (row, error) {
	var r row
	err := q.QueryRowContext(ctx, "SELECT check_value, next_check FROM key_check WHERE id = 1").Scan(&r.check, &r.next)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	r.found = err == nil
	return r, err
}

// Status is what Open found, for `fangpin key check`.
type Status struct {
	Check     string // the check value in use
	Encrypted bool   // the database holds encrypted or indexed personal data
	Created   bool   // a new key was created (empty database)
	Rotating  bool   // a rotation is under way (next_check set)
}

// Open loads the master key of the data folder ($FANGPIN_KEY or
// DIR/fangpin.key) and checks it against the database. A missing key is
// created only when the database holds no personal data; a key that does not
// match the stored check value, or a missing key beside personal data, is
// refused (ErrMismatch, ErrMissing). A database from before the check value
// is verified by decrypting one stored value, then given its check value.
func Open(ctx context.Context, db *store.DB, dataDir string) (*pii.Keys, Status, error) {
	var st Status
	r, err := readRow(ctx, db.Writer())
	if err != nil {
		return nil, st, fmt.Errorf("keyguard: %w", err)
	}
	if st.Encrypted, err = hasPersonalData(ctx, db.Writer()); err != nil {
		return nil, st, fmt.Errorf("keyguard: %w", err)
	}
	k, err := pii.Load(dataDir)
	if errors.Is(err, pii.ErrNoKey) {
		if st.Encrypted || r.found {
			return nil, st, ErrMissing
		}
		if k, err = pii.Create(dataDir); err != nil {
			return nil, st, err
		}
		st.Created = true
	} else if err != nil {
		return nil, st, err
	}
	switch {
	case r.found && r.check == k.Check():
		if r.next != "" { // a rotation under way: hold its new key for Open
			if nk := findKey(dataDir, r.next); nk != nil {
				k.Swap(k, nk)
			}
		}
	case r.found && r.next != "" && r.next == k.Check():
		// the key files were switched, the database not yet: the old key
		// stays primary until `key rotate` finishes
		old := findKey(dataDir, r.check)
		if old == nil {
			return nil, st, ErrMismatch
		}
		k.Swap(old, k)
	case r.found:
		return nil, st, ErrMismatch
	default:
		if st.Encrypted {
			if ok, err := decryptsSample(ctx, db.Writer(), k); err != nil {
				return nil, st, fmt.Errorf("keyguard: %w", err)
			} else if !ok {
				return nil, st, ErrMismatch
			}
		}
		if _, err := db.Writer().ExecContext(ctx, `INSERT INTO key_check (id, check_value, created_at)
			VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING`, k.Check(), time.Now().UTC().Format(time.RFC3339)); err != nil {
			return nil, st, fmt.Errorf("keyguard: store check value: %w", err)
		}
		if r, err = readRow(ctx, db.Writer()); err != nil {
			return nil, st, fmt.Errorf("keyguard: %w", err)
		} else if r.check != k.Check() { // another process stored another key first
			return nil, st, ErrMismatch
		}
	}
	st.Check, st.Rotating = k.Check(), r.next != ""
	return k, st, nil
}

// findKey returns the key among the data folder's key files (and
// $FANGPIN_KEY) whose check value is check, or nil.
func findKey(dataDir, check string) *pii.Keys {
	for _, name := range []string{pii.KeyFile, NextFile, OldFile} {
		if k, err := pii.ReadFile(filepath.Join(dataDir, name)); err == nil && k.Check() == check {
			return k
		}
	}
	if k, _ := pii.FromEnv(); k != nil && k.Check() == check {
		return k
	}
	return nil
}

// hasPersonalData reports whether any table holds a ciphertext or a keyed
// index of an ID or phone number.
func hasPersonalData(ctx context.Context, q store.Querier) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT CASE WHEN EXISTS (SELECT 1 FROM persons)
		OR EXISTS (SELECT 1 FROM self_reports)
		OR EXISTS (SELECT 1 FROM households WHERE phone_enc IS NOT NULL)
		OR EXISTS (SELECT 1 FROM household_cadres WHERE phone_enc IS NOT NULL)
		OR EXISTS (SELECT 1 FROM cases WHERE id_idx <> '')
		OR EXISTS (SELECT 1 FROM feed_files) THEN 1 ELSE 0 END`).Scan(&n)
	return n == 1, err
}

// decryptsSample reports whether k decrypts a stored ciphertext; true when
// there is none to try (indexes alone cannot be checked).
func decryptsSample(ctx context.Context, q store.Querier, k *pii.Keys) (bool, error) {
	for _, s := range []string{
		"SELECT id_enc FROM persons ORDER BY id LIMIT 1",
		"SELECT id_enc FROM self_reports ORDER BY id LIMIT 1",
		"SELECT phone_enc FROM households WHERE phone_enc IS NOT NULL ORDER BY id LIMIT 1",
		"SELECT phone_enc FROM household_cadres WHERE phone_enc IS NOT NULL ORDER BY id LIMIT 1",
	} {
		var b []byte
		err := q.QueryRowContext(ctx, s).Scan(&b)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return false, err
		}
		_, err = k.Open(b)
		return err == nil, nil
	}
	return true, nil
}

// Watch keeps a running server's keys in step with the database: every
// interval it reads the check value and, when a rotation has started or
// finished in another process (`fangpin key rotate`), loads the key files
// again and swaps the keys in place, so that the server decrypts data under
// both keys during a rotation and seals and indexes with the new key after
// it. It returns when ctx ends.
func Watch(ctx context.Context, db *store.DB, k *pii.Keys, dataDir string, interval time.Duration, logf func(msg string, args ...any)) {
	tick.Every(ctx, interval, func(ctx context.Context) error { return Refresh(ctx, db, k, dataDir) },
		func(err error) { logf("key check", "err", err) })
}

// Refresh is one step of Watch.
func Refresh(ctx context.Context, db *store.DB, k *pii.Keys, dataDir string) error {
	r, err := readRow(ctx, db.Reader())
	if err != nil || !r.found {
		return err
	}
	held := map[string]bool{}
	for _, c := range k.Checks() {
		held[c] = true
	}
	if r.check == k.Check() && (r.next == "" || held[r.next]) {
		return nil
	}
	primary := k
	if r.check != k.Check() {
		if primary = findKey(dataDir, r.check); primary == nil {
			return fmt.Errorf("the database's key changed to one not in %s: restart with the new key", dataDir)
		}
	}
	var extra []*pii.Keys
	if r.next != "" && !held[r.next] {
		if nk := findKey(dataDir, r.next); nk != nil {
			extra = append(extra, nk)
		}
	}
	k.Swap(primary, extra...)
	return nil
}
