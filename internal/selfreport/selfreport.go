// Package selfreport is 一键报贫: each village's secret QR token, the public
// no-login report a farmer sends from a phone, its receipt, the status the
// family can look up, and the controls that keep abuse out without turning
// honest families away.
//
// Unlike the domain packages (casework, monitoring, visit, screening), whose
// actions are functions run inside the caller's transaction, selfreport is
// a Service value holding the database, because the intake owns its
// transactions and keeps state shared by every request: the group commit
// (commit.go) gathers the reports of many families into one transaction, a
// savepoint each, so a caller cannot hand it one; the rate limiter counts
// per address and per ID number in memory; the village tokens are cached.
// What a report does to the case work still happens through casework's
// functions inside that group transaction.
package selfreport

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fangpin/internal/fault"
	"fangpin/internal/pii"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// ConsentText is the authorisation a family gives, shown in full on the
// form and stored with each report.
const ConsentText = "本人自愿申请防止返贫监测帮扶，承诺所填信息真实。本人及家庭成员授权乡镇人民政府、村民委员会及相关部门" +
	"查询、核对本人家庭的收入、财产、社会保障、医疗、教育、住房等信息，用于认定是否纳入防止返贫监测对象及落实帮扶措施，" +
	"不作他用。如有虚假，愿意承担相应责任。"

// ErrRevoked is returned for a QR token that was withdrawn or never existed.
// It is NotFound, with its own code for API clients.
var ErrRevoked = fault.NotFoundf("这个二维码已停用或无效，请联系村干部索取新的二维码，或拨打乡镇防返贫热线",
	"This QR code is withdrawn or not valid: ask your village cadres for a new one, or call the township's hotline").Coded("token_revoked")

// Village is the village a QR token belongs to.
type Village struct {
	Code, Name, Path string // Path: 县 乡镇 村, for the form's heading
}

// Service handles tokens and reports.
type Service struct {
	db           *store.DB
	keys         *pii.Keys
	now          func() time.Time
	lim          *limiter
	cache        sync.Map // token → cachedVillage
	ipMax, idMax int
	deadlines    Deadlines
	photoDir     string
	group        *committer
}

// New returns a Service.
func New(db *store.DB, keys *pii.Keys) *Service {
	return &Service{db: db, keys: keys, now: time.Now, lim: newLimiter(), ipMax: ipLimit, idMax: idLimit,
		group: &committer{db: db}}
}

// SetLimits changes the reports allowed per address and hour and per ID
// number and day (for a county that routes every phone through one proxy,
// and for load tests).
func (s *Service) SetLimits(perIP, perID int) { s.ipMax, s.idMax = perIP, perID }

// SetClock sets the clock reports are dated by (the demo backdates its
// reports; tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// tokenAlphabet avoids letters that are easy to misread on paper.
const tokenAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

func randomCode(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = tokenAlphabet[int(b[i])%len(tokenAlphabet)]
	}
	return string(b)
}

// VillageToken returns the village's active token, creating one if needed.
func (s *Service) VillageToken(ctx context.Context, scope store.Scope, village string) (string, error) {
	if !scope.Contains(village) {
		return "", fmt.Errorf("selfreport: village %s: %w", village, store.ErrNotFound)
	}
	reg, err := region.Find(ctx, s.db.Reader(), village)
	if err != nil {
		return "", err
	}
	if reg.Level != region.LevelVillage {
		return "", fmt.Errorf("selfreport: %s is not a village", village)
	}
	var tok string
	err = s.db.Transact(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT token FROM village_tokens WHERE region_code = ? AND revoked_at IS NULL", village).Scan(&tok)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		tok = randomCode(16)
		_, err = tx.ExecContext(ctx, "INSERT INTO village_tokens (token, region_code, created_at) VALUES (?, ?, ?)", tok, village, s.stamp())
		return err
	})
	return tok, err
}

// RevokeToken withdraws a village's token (a lost or misused QR sheet); the
// next VillageToken call issues a new one.
func (s *Service) RevokeToken(ctx context.Context, scope store.Scope, village string) error {
	if !scope.Contains(village) {
		return fmt.Errorf("selfreport: village %s: %w", village, store.ErrNotFound)
	}
	_, err := s.db.Writer().ExecContext(ctx, "UPDATE village_tokens SET revoked_at = ? WHERE region_code = ? AND revoked_at IS NULL",
		s.stamp(), village)
	s.cache.Range(func(k, v any) bool {
		if v.(cachedVillage).v.Code == village {
			s.cache.Delete(k)
		}
		return true
	})
	return err
}

// resolveTTL is how long a token's village is remembered; a revocation made
// by another process takes effect within it (at once in this one).
const resolveTTL = time.Minute

type cachedVillage struct {
	v  Village
	at time.Time
}

// Resolve returns the village of an active token, or ErrRevoked.
func (s *Service) Resolve(ctx context.Context, token string) (Village, error) {
	if len(token) != 16 || strings.Trim(token, tokenAlphabet) != "" {
		return Village{}, ErrRevoked
	}
	if c, ok := s.cache.Load(token); ok && s.now().Sub(c.(cachedVillage).at) < resolveTTL {
		return c.(cachedVillage).v, nil
	}
	v, err := s.resolve(ctx, token)
	if err == nil {
		s.cache.Store(token, cachedVillage{v: v, at: s.now()})
	}
	return v, err
}

func (s *Service) resolve(ctx context.Context, token string) (Village, error) {
	var code string
	err := s.db.Reader().QueryRowContext(ctx, "SELECT region_code FROM village_tokens WHERE token = ? AND revoked_at IS NULL", token).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return Village{}, ErrRevoked
	}
	if err != nil {
		return Village{}, err
	}
	chain, err := region.Ancestors(ctx, s.db.Reader(), code)
	if err != nil {
		return Village{}, err
	}
	v := Village{Code: code}
	var parts []string
	for _, r := range chain {
		if r.Level >= region.LevelCounty {
			parts = append(parts, r.Name)
		}
		v.Name = r.Name
	}
	v.Path = strings.Join(parts, " ")
	return v, nil
}

// stamp is the service clock as stored (UTC, RFC 3339).
func (s *Service) stamp() string { return store.Stamp(s.now()) }
