package selfreport

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/fault"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// NewHousehold is what a cadre adds to a report to register the family
// (登记为新农户): the household code, type, the head's health and education;
// the village, the head's name, ID and phone number come from the report.
type NewHousehold struct {
	Code      string // 户编号
	Type      string // 脱贫户 / 一般农户
	Health    string // the head's 健康状况; "" is 健康
	Education string // the head's 文化程度 (registry.Educations)
}

// RegisterHousehold registers the family that reported case id as a new
// household of the case's village, head only, through the registry's
// template checks, links the case to it and records both in the audit log,
// all in tx. A household code already taken is Invalid on "code".
func (s *Service) RegisterHousehold(ctx context.Context, tx *store.Tx, scope store.Scope, by auth.User, id int64,
	nh NewHousehold, now time.Time) (string, error) {
	if !by.Can(auth.PermEditRegistry) {
		return "", fault.Forbiddenf("%s不能登记农户", "A %s user may not register households", by.Role.Text())
	}
	c, err := RevealContact(ctx, tx, s.keys, scope, id)
	if err != nil {
		return "", err
	}
	if c.Household != "" {
		return "", fault.Conflictf("这户已经登记，户编号 %s", "The family is registered already, household %s", c.Household)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM households WHERE code = ?", nh.Code).Scan(&n); err != nil {
		return "", fmt.Errorf("selfreport: register: %w", err)
	}
	if n > 0 {
		return "", fault.Invalidf("code", "户编号 %s 已被使用", "Household code %s is taken", nh.Code)
	}
	path, err := householdFile(c, nh)
	if err != nil {
		return "", err
	}
	defer os.Remove(path)
	res, err := registry.NewImporter(s.db, s.keys, scope).ImportTx(ctx, tx, path, registry.ImportOptions{Now: now, Source: "self_report"})
	if err != nil {
		if len(res.Issues) > 0 {
			return "", fault.Invalidf("code", "登记未通过校验：%s", "The household does not pass the checks: %s", res.Issues[0].String())
		}
		return "", err
	}
	var hh int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM households WHERE code = ?", nh.Code).Scan(&hh); err != nil {
		return "", fmt.Errorf("selfreport: register: %w", err)
	}
	if _, err := casework.Link(ctx, tx, scope, id, by, hh, now); err != nil {
		return "", err
	}
	return nh.Code, audit.Record(ctx, tx, audit.Event{Action: "household.create", Entity: "household", EntityID: nh.Code,
		Region: c.Region, Detail: map[string]string{"case": fmt.Sprint(id), "receipt": c.Receipt}})
}

// householdFile writes the one-row template file of the new household.
func householdFile(c Contact, nh NewHousehold) (string, error) {
	f, err := os.CreateTemp("", "fangpin-household-*.csv")
	if err != nil {
		return "", err
	}
	w := csv.NewWriter(f)
	w.Write([]string{registry.ColRegionCode, registry.ColCode, registry.ColType, registry.ColName, registry.ColID,
		registry.ColRelation, registry.ColHealth, registry.ColEducation, registry.ColHHPhone, registry.ColPhone})
	if nh.Health == "" {
		nh.Health = registry.HealthHealthy
	}
	w.Write([]string{c.Region, nh.Code, nh.Type, c.Name, c.IDNumber, registry.HeadRelation, nh.Health, nh.Education, c.Phone, c.Phone})
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), f.Close()
}
