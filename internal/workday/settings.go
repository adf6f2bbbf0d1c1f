package workday

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/store"
)

// Setting keys for the deadline limits, in working days, with their defaults.
const (
	KeyAcceptDays = "deadline.accept_days" // township accepts a clue
	KeyVerifyDays = "deadline.verify_days" // village verifies at home
	KeyTotalDays  = "deadline.total_days"  // clue to decision, whole process

	DefaultAcceptDays = 2
	DefaultVerifyDays = 5
	DefaultTotalDays  = 15
)

// Limits are the deadline limits in working days.
type Limits struct {
	Accept, Verify, Total int
}

// DefaultLimits are the limits used when no setting overrides them.
var DefaultLimits = Limits{Accept: DefaultAcceptDays, Verify: DefaultVerifyDays, Total: DefaultTotalDays}

// maxLimit bounds every limit: about one year of working days.
const maxLimit = 250

// Validate checks that every limit is 1–250 working days and that the whole
// process leaves room for its first two steps.
func (l Limits) Validate() error {
	for _, v := range []int{l.Accept, l.Verify, l.Total} {
		if v < 1 || v > maxLimit {
			return fault.Invalidt("时限应为 1–%d 个工作日，不能是 %d", "A limit must be 1–%d working days, not %d", maxLimit, v)
		}
	}
	if l.Accept+l.Verify > l.Total {
		return fault.Invalidt("总时限 %d 个工作日短于受理与核实时限之和 %d", "The whole limit of %d working days is shorter than acceptance and verification together (%d)",
			l.Total, l.Accept+l.Verify)
	}
	return nil
}

// LoadLimits reads the limits from the settings, defaulting each one; stored
// limits that fail Validate are an error rather than a silent fallback.
func LoadLimits(ctx context.Context, q store.Querier) (Limits, error) {
	var l Limits
	var err error
	if l.Accept, err = GetInt(ctx, q, KeyAcceptDays, DefaultAcceptDays); err != nil {
		return Limits{}, err
	}
	if l.Verify, err = GetInt(ctx, q, KeyVerifyDays, DefaultVerifyDays); err != nil {
		return Limits{}, err
	}
	if l.Total, err = GetInt(ctx, q, KeyTotalDays, DefaultTotalDays); err != nil {
		return Limits{}, err
	}
	if err := l.Validate(); err != nil {
		return Limits{}, fmt.Errorf("workday: stored deadline limits: %w", err)
	}
	return l, nil
}

// SaveLimits validates and stores the limits.
func SaveLimits(ctx context.Context, q store.Querier, l Limits) error {
	if err := l.Validate(); err != nil {
		return err
	}
	for _, kv := range []struct {
		key string
		v   int
	}{{KeyAcceptDays, l.Accept}, {KeyVerifyDays, l.Verify}, {KeyTotalDays, l.Total}} {
		if err := SetSetting(ctx, q, kv.key, strconv.Itoa(kv.v)); err != nil {
			return err
		}
	}
	return nil
}

// GetSetting returns the value stored under key, or def when there is none.
func GetSetting(ctx context.Context, q store.Querier, key, def string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return "", fmt.Errorf("workday: read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores value under key, replacing any earlier value.
func SetSetting(ctx context.Context, q store.Querier, key, value string) error {
	if strings.TrimSpace(key) == "" {
		return errors.New("workday: empty setting key")
	}
	_, err := q.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, store.Now())
	if err != nil {
		return fmt.Errorf("workday: set setting %s: %w", key, err)
	}
	return nil
}

// GetInt returns the integer stored under key, or def when there is none; a
// stored value that is not an integer is an error.
func GetInt(ctx context.Context, q store.Querier, key string, def int) (int, error) {
	s, err := GetSetting(ctx, q, key, "")
	if err != nil {
		return 0, err
	}
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("workday: setting %s = %q is not an integer", key, s)
	}
	return n, nil
}
