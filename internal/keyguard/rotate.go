package keyguard

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// sealed names an encrypted column and the keyed index beside it.
type sealed struct{ enc, idx string }

// encTables are the tables that hold ciphertexts, with their columns.
var encTables = []struct {
	name string
	cols []sealed
}{
	{"persons", []sealed{{"id_enc", "id_idx"}, {"phone_enc", "phone_idx"}}},
	{"households", []sealed{{"phone_enc", "phone_idx"}}},
	{"self_reports", []sealed{{"id_enc", "id_idx"}, {"phone_enc", "phone_idx"}}},
	{"household_cadres", []sealed{{"phone_enc", "phone_idx"}}},
}

// idxTables hold the keyed index of an ID number without its ciphertext.
var idxTables = []string{"cases", "feed_medical", "feed_education", "feed_civil", "feed_disability",
	"feed_housing", "feed_disaster", "feed_employment", "feed_death", "feed_insurance", "feed_doctor"}

// batch is the number of rows re-encrypted in one transaction: the server's
// writes wait for one batch at most.
const batch = 500

// RotateOptions tune Rotate.
type RotateOptions struct {
	// Settle is how long Rotate waits after switching to the new key before
	// its last sweep, so that running servers (Watch) have switched too and
	// no longer write under the old key (Watch looks every 5 s).
	Settle time.Duration
	Log    func(format string, args ...any)
}

// RotateReport counts what Rotate did.
type RotateReport struct {
	Rewritten int // rows re-encrypted or re-indexed
	Orphans   int // department rows still unmatched whose index could not be carried over
	Check     string
}

// Rotate replaces the master key: it writes a new key to DIR/fangpin.key.next,
// marks the rotation in the database (servers then decrypt under both keys),
// re-encrypts and re-indexes every ID and phone number in transactions of a
// few hundred rows, switches the key files (the old key is kept as
// fangpin.key.old) and the check value, waits for servers to follow, and
// sweeps once more for rows written under the old key meanwhile. An
// interrupted rotation is resumed by running it again.
func Rotate(ctx context.Context, db *store.DB, dataDir string, o RotateOptions) (RotateReport, error) {
	var rep RotateReport
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	if _, _, err := Open(ctx, db, dataDir); err != nil {
		return rep, err
	}
	r, err := readRow(ctx, db.Writer())
	if err != nil {
		return rep, err
	}
	old := findKey(dataDir, r.check)
	if old == nil {
		return rep, ErrMismatch
	}
	var next *pii.Keys
	if r.next != "" {
		if next = findKey(dataDir, r.next); next == nil {
			return rep, fmt.Errorf("keyguard: a rotation was started but its new key (%s) is gone; clear it with a new rotation after restoring the file", NextFile)
		}
		o.Log("继续未完成的密钥轮换")
	} else {
		if next, err = pii.Generate(); err != nil {
			return rep, err
		}
		if err := next.WriteFile(filepath.Join(dataDir, NextFile)); err != nil {
			return rep, err
		}
		if _, err := db.Writer().ExecContext(ctx, "UPDATE key_check SET next_check = ? WHERE id = 1", next.Check()); err != nil {
			return rep, err
		}
	}
	both := &pii.Keys{}
	both.Swap(next, old)
	if err := rekey(ctx, db, old, next, both, &rep, o.Log); err != nil {
		return rep, err
	}
	// switch: the key file first (a crash now leaves both files and a
	// database that Open still accepts), then the check value
	if !envKey() {
		keyPath := filepath.Join(dataDir, pii.KeyFile)
		if cur, err := pii.ReadFile(keyPath); err == nil && cur.Check() == old.Check() {
			if err := os.Rename(keyPath, filepath.Join(dataDir, OldFile)); err != nil {
				return rep, err
			}
		}
		if err := next.WriteFile(keyPath); err != nil {
			return rep, err
		}
	}
	if _, err := db.Writer().ExecContext(ctx, "UPDATE key_check SET check_value = ?, next_check = '', rotated_at = ? WHERE id = 1",
		next.Check(), time.Now().UTC().Format(time.RFC3339)); err != nil {
		return rep, err
	}
	o.Log("已切换到新密钥，等待 %s 让运行中的服务跟上", o.Settle)
	select {
	case <-ctx.Done():
		return rep, ctx.Err()
	case <-time.After(o.Settle):
	}
	rep.Orphans = 0
	if err := rekey(ctx, db, old, next, both, &rep, o.Log); err != nil {
		return rep, err
	}
	if !envKey() { // with $FANGPIN_KEY the operator copies the new key from NextFile
		os.Remove(filepath.Join(dataDir, NextFile))
	}
	rep.Check = next.Check()
	return rep, nil
}

func envKey() bool { return strings.TrimSpace(os.Getenv(pii.KeyEnv)) != "" }

// rekey brings every row under the new key: ciphertexts that do not open
// with it are sealed again, indexes that differ from its index are
// rewritten; indexes without a ciphertext are carried over through the
// ciphertexts that hold the same number.
func rekey(ctx context.Context, db *store.DB, old, next, both *pii.Keys, rep *RotateReport, logf func(string, ...any)) error {
	carry, err := carryMap(ctx, db, old, next, both)
	if err != nil {
		return err
	}
	for _, t := range idxTables {
		n, orphans, err := rekeyIndexes(ctx, db, t, carry)
		if err != nil {
			return fmt.Errorf("keyguard: %s: %w", t, err)
		}
		rep.Rewritten += n
		rep.Orphans += orphans
	}
	for _, t := range encTables {
		n, err := rekeySealed(ctx, db, t.name, t.cols, next, both)
		if err != nil {
			return fmt.Errorf("keyguard: %s: %w", t.name, err)
		}
		rep.Rewritten += n
		logf("%s: %d 行已改用新密钥", t.name, n)
	}
	return nil
}

// carryMap maps the old index of every ID number that has a ciphertext (in
// persons or self_reports) to its new index, for the tables that hold the
// index alone. Only the indexes those tables use are kept.
func carryMap(ctx context.Context, db *store.DB, old, next, both *pii.Keys) (map[string]string, error) {
	want := map[string]bool{}
	for _, t := range idxTables {
		rows, err := db.Reader().QueryContext(ctx, "SELECT DISTINCT id_idx FROM "+t+" WHERE id_idx <> ''")
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return nil, err
			}
			want[s] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	carry := map[string]string{}
	if len(want) == 0 {
		return carry, nil
	}
	for _, t := range []string{"persons", "self_reports"} {
		rows, err := db.Reader().QueryContext(ctx, "SELECT id_enc FROM "+t)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				rows.Close()
				return nil, err
			}
			p, err := both.Open(b)
			if err != nil {
				continue // counted by rekeySealed
			}
			n := next.Index(p)
			if o := old.Index(p); want[o] {
				carry[o] = n
			}
			if want[n] {
				carry[n] = n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return carry, nil
}

// rekeyIndexes rewrites table's id_idx through carry, batch by batch. It
// returns the rows rewritten and those whose index has no ciphertext to
// carry it over (department rows of people not registered).
func rekeyIndexes(ctx context.Context, db *store.DB, table string, carry map[string]string) (int, int, error) {
	done, orphans := 0, 0
	for after := int64(0); ; {
		type upd struct {
			id  int64
			idx string
		}
		var ups []upd
		n := 0
		rows, err := db.Reader().QueryContext(ctx, "SELECT id, id_idx FROM "+table+
			" WHERE id > ? AND id_idx <> '' ORDER BY id LIMIT ?", after, batch*4)
		if err != nil {
			return done, orphans, err
		}
		for rows.Next() {
			var id int64
			var idx string
			if err := rows.Scan(&id, &idx); err != nil {
				rows.Close()
				return done, orphans, err
			}
			n++
			after = id
			switch nw, ok := carry[idx]; {
			case !ok:
				orphans++
			case nw != idx:
				ups = append(ups, upd{id, nw})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return done, orphans, err
		}
		for len(ups) > 0 {
			part := ups[:min(batch, len(ups))]
			ups = ups[len(part):]
			err := db.Transact(ctx, func(tx *store.Tx) error {
				for _, u := range part {
					if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET id_idx = ? WHERE id = ?", u.idx, u.id); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return done, orphans, err
			}
			done += len(part)
		}
		if n == 0 {
			return done, orphans, nil
		}
	}
}

// rekeySealed seals again, batch by batch, the values of table that do not
// open with the new key, and rewrites indexes that are not the new key's.
func rekeySealed(ctx context.Context, db *store.DB, table string, cols []sealed, next, both *pii.Keys) (int, error) {
	sel := "id"
	for _, c := range cols {
		sel += ", " + c.enc + ", " + c.idx
	}
	done := 0
	for after := int64(0); ; {
		n := 0
		err := db.Transact(ctx, func(tx *store.Tx) error {
			rows, err := tx.QueryContext(ctx, "SELECT "+sel+" FROM "+table+" WHERE id > ? ORDER BY id LIMIT ?", after, batch)
			if err != nil {
				return err
			}
			type upd struct {
				id   int64
				sets []string
				args []any
			}
			var ups []upd
			for rows.Next() {
				var id int64
				encs := make([][]byte, len(cols))
				idxs := make([]*string, len(cols))
				dest := []any{&id}
				for i := range cols {
					dest = append(dest, &encs[i], &idxs[i])
				}
				if err := rows.Scan(dest...); err != nil {
					rows.Close()
					return err
				}
				n++
				after = id
				u := upd{id: id}
				for i, c := range cols {
					if encs[i] == nil {
						continue
					}
					p, err := next.OpenPrimary(encs[i])
					fresh := err == nil
					if !fresh {
						if p, err = both.Open(encs[i]); err != nil {
							rows.Close()
							return fmt.Errorf("row %d %s: neither key decrypts it", id, c.enc)
						}
						u.sets = append(u.sets, c.enc+" = ?")
						u.args = append(u.args, next.Seal(p))
					}
					if ni := next.Index(p); idxs[i] == nil || *idxs[i] != ni {
						u.sets = append(u.sets, c.idx+" = ?")
						u.args = append(u.args, ni)
					}
				}
				if len(u.sets) > 0 {
					ups = append(ups, u)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, u := range ups {
				if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+strings.Join(u.sets, ", ")+" WHERE id = ?",
					append(u.args, u.id)...); err != nil {
					return err
				}
			}
			done += len(ups)
			return nil
		})
		if err != nil {
			return done, err
		}
		if n == 0 {
			return done, nil
		}
	}
}
