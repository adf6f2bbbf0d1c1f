package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"

	"fangpin/internal/store"
)

// timeLayout is RFC 3339 in UTC with all nine fractional digits kept, so
// that stored times sort as text (time.RFC3339Nano drops trailing zeros, and
// "…05Z" would sort after "…05.1Z").
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// columns are audit_log's columns in canonical order, hash last.
const columns = "id, at, user_id, username, role, ip, action, entity, entity_id, region_code, detail, prev_hash, hash"

// canonVersion starts every canonical form, so that a later format can be
// told apart.
const canonVersion = "fangpin-audit-v1\n"

// row is an audit_log row as stored, the input of the hash.
type row struct {
	ID                               int64
	At                               string
	UserID                           sql.NullInt64
	Username, Role, IP               string
	Action, Entity, EntityID, Region string
	Detail, PrevHash, Hash           string
}

// newRow makes an entry. The user name and the entity's ID are scrubbed as
// details are: a failed login's user name is whatever was typed, often an
// ID or phone number, and is kept masked like any other.
func newRow(a Actor, e Event, detail string) row {
	return row{
		UserID:   sql.NullInt64{Int64: a.UserID, Valid: a.UserID != 0},
		Username: scrubText(a.Username), Role: a.Role, IP: a.IP,
		Action: e.Action, Entity: e.Entity, EntityID: scrubText(e.EntityID), Region: e.Region,
		Detail: detail,
	}
}

// canonical is the documented serialisation of every column but hash.
func (r *row) canonical() string {
	uid := ""
	if r.UserID.Valid {
		uid = strconv.FormatInt(r.UserID.Int64, 10)
	}
	var b strings.Builder
	b.WriteString(canonVersion)
	for _, f := range []string{strconv.FormatInt(r.ID, 10), r.At, uid, r.Username, r.Role, r.IP,
		r.Action, r.Entity, r.EntityID, r.Region, r.Detail, r.PrevHash} {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte('\n')
	}
	return b.String()
}

// hash is hex(SHA-256(prev_hash ‖ canonical)).
func (r *row) hash() string {
	sum := sha256.Sum256([]byte(r.PrevHash + r.canonical()))
	return hex.EncodeToString(sum[:])
}

func (r *row) args() []any {
	return []any{r.ID, r.At, r.UserID, r.Username, r.Role, r.IP, r.Action,
		r.Entity, r.EntityID, r.Region, r.Detail, r.PrevHash, r.Hash}
}

func (r *row) scan(s store.Scanner) error {
	return s.Scan(&r.ID, &r.At, &r.UserID, &r.Username, &r.Role, &r.IP, &r.Action,
		&r.Entity, &r.EntityID, &r.Region, &r.Detail, &r.PrevHash, &r.Hash)
}

// appendRow chains r to the head and inserts it. The first statement is a
// no-op update that takes the head's row lock until the transaction ends
// (PostgreSQL; SQLite's write lock already serialises), so inside a
// transaction the compare-and-set always succeeds. Outside one it may lose to
// another writer, and appendRow reports false so that the caller retries.
func appendRow(ctx context.Context, q store.Querier, r *row) (bool, error) {
	var last int64
	err := q.QueryRowContext(ctx,
		"UPDATE audit_head SET last_id = last_id WHERE id = 1 RETURNING last_id, last_hash").Scan(&last, &r.PrevHash)
	if err != nil {
		return false, err
	}
	r.ID = last + 1
	r.Hash = r.hash()
	res, err := q.ExecContext(ctx,
		"UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1 AND last_id = ?", r.ID, r.Hash, last)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	_, err = q.ExecContext(ctx, "INSERT INTO audit_log ("+columns+") VALUES "+store.Placeholders(1, 13), r.args()...)
	return err == nil, err
}
