package survey

import (
	"context"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/workday"
)

// Setting keys of the thresholds that decide which problems the report
// states (docs/survey.md), kept in the settings table.
const (
	KeyIllnessRiskPct    = "survey.illness_risk_pct"
	KeyMismatchHH        = "survey.mismatch_households"
	KeyNoDevelopmentHH   = "survey.no_development_households"
	KeyIncomeMarginPct   = "survey.income_margin_pct"
	KeyIncomeLowPct      = "survey.income_low_pct"
	KeyOverdueCases      = "survey.overdue_cases"
	maxThresholdCount    = 1_000_000
	maxThresholdPercent  = 100
	maxIncomeMarginPct   = 200
	defaultIllnessPct    = 30
	defaultIncomeMargin  = 20
	defaultIncomeLowPct  = 10
	defaultCountTheshold = 1
)

// Settings are the thresholds of the problems (二、存在的问题). A problem is
// stated when its figure reaches its threshold (≥).
type Settings struct {
	// IllnessRiskPct: share of the households monitored at as_of whose risk
	// types include 因病, in percent.
	IllnessRiskPct int
	// MismatchHouseholds: households monitored at as_of with a risk type no
	// counting measure fits (plan_mismatch).
	MismatchHouseholds int
	// NoDevelopmentHouseholds: households with labour and no development
	// measure a month after identification (no_development_measure).
	NoDevelopmentHouseholds int
	// IncomeMarginPct: an income is "just above" the line when it is above
	// it by at most this many percent.
	IncomeMarginPct int
	// IncomeLowPct: share of 脱贫户 and monitored households (with an
	// income recorded) not above the line or just above it, in percent.
	IncomeLowPct int
	// OverdueCases: cases of every source overdue at as_of.
	OverdueCases int
}

// DefaultSettings are the thresholds used where no setting is stored.
var DefaultSettings = Settings{
	IllnessRiskPct:          defaultIllnessPct,
	MismatchHouseholds:      defaultCountTheshold,
	NoDevelopmentHouseholds: defaultCountTheshold,
	IncomeMarginPct:         defaultIncomeMargin,
	IncomeLowPct:            defaultIncomeLowPct,
	OverdueCases:            defaultCountTheshold,
}

// setting is one threshold: its key, where it lives and its bounds.
type setting struct {
	key string
	v   *int
	max int
}

func (s *Settings) fields() []setting {
	return []setting{
		{KeyIllnessRiskPct, &s.IllnessRiskPct, maxThresholdPercent},
		{KeyMismatchHH, &s.MismatchHouseholds, maxThresholdCount},
		{KeyNoDevelopmentHH, &s.NoDevelopmentHouseholds, maxThresholdCount},
		{KeyIncomeMarginPct, &s.IncomeMarginPct, maxIncomeMarginPct},
		{KeyIncomeLowPct, &s.IncomeLowPct, maxThresholdPercent},
		{KeyOverdueCases, &s.OverdueCases, maxThresholdCount},
	}
}

// Validate checks every threshold lies within its bounds (0 to 100 percent,
// 0 to 200 for the margin, 0 to 1,000,000 for counts).
func (s Settings) Validate() error {
	for _, f := range s.fields() {
		if *f.v < 0 || *f.v > f.max {
			return fault.Invalidt("调研报告阈值 %s 应为 0–%d，不能是 %d", "Survey threshold %s must be 0–%d, not %d", f.key, f.max, *f.v)
		}
	}
	return nil
}

// LoadSettings reads the thresholds, each defaulting to DefaultSettings';
// stored values out of bounds are an error rather than a silent fallback.
func LoadSettings(ctx context.Context, q store.Querier) (Settings, error) {
	s := DefaultSettings
	for _, f := range s.fields() {
		v, err := workday.GetInt(ctx, q, f.key, *f.v)
		if err != nil {
			return Settings{}, err
		}
		*f.v = v
	}
	return s, s.Validate()
}

// SaveSettings validates and stores the thresholds.
func SaveSettings(ctx context.Context, q store.Querier, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	for _, f := range s.fields() {
		if err := workday.SetSetting(ctx, q, f.key, strconv.Itoa(*f.v)); err != nil {
			return err
		}
	}
	return nil
}

// Setting is one threshold as the command line and the settings page list
// it: its key, value, default and the largest value allowed.
type Setting struct {
	Key               string
	Value, Deflt, Max int
}

// List returns the thresholds with their keys and defaults, in a fixed
// order.
func (s Settings) List() []Setting {
	d := DefaultSettings
	var out []Setting
	for i, f := range s.fields() {
		out = append(out, Setting{Key: f.key, Value: *f.v, Deflt: *d.fields()[i].v, Max: f.max})
	}
	return out
}

// Change stores new values of some thresholds (by key, with or without
// the prefix "survey."), with an audit entry in the same transaction, and
// returns all of them. An unknown key or a value out of bounds changes
// nothing.
func Change(ctx context.Context, db *store.DB, values map[string]int) (Settings, error) {
	var s Settings
	err := db.Transact(ctx, func(tx *store.Tx) error {
		var err error
		if s, err = LoadSettings(ctx, tx); err != nil {
			return err
		}
		fields := map[string]*int{}
		for _, f := range s.fields() {
			fields[f.key] = f.v
		}
		for k, v := range values {
			p := fields[k]
			if p == nil {
				p = fields["survey."+k]
			}
			if p == nil {
				return fault.Invalidt("没有调研报告阈值 %s", "No survey threshold %s", k)
			}
			*p = v
		}
		if err := SaveSettings(ctx, tx, s); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "settings.survey", Entity: "settings", Detail: values})
	})
	return s, err
}
