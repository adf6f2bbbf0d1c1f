package monitoring

import (
	"context"
	"fmt"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/fault"
	regions "fangpin/internal/region" // named so: region is a type of this package
	"fangpin/internal/store"
)

// AddMeasure adds a measure to the plan of a household of the scope.
func AddMeasure(ctx context.Context, q store.Querier, scope store.Scope, by auth.User, householdID int64,
	in MeasureInput, now time.Time) (Measure, error) {
	if err := mayEdit(by, fault.T("制定帮扶措施", "plan measures")); err != nil {
		return Measure{}, err
	}
	h, err := findHousehold(ctx, q, scope, householdID)
	if err != nil {
		return Measure{}, err
	}
	m := Measure{HouseholdID: h.ID, Region: h.Region, Status: in.Status, CreatedBy: by.Username,
		CreatedAt: store.Stamp(now), UpdatedAt: store.Stamp(now)}
	if m.Status == "" {
		m.Status = StatusPlanned
	}
	if !m.Status.Valid() {
		return Measure{}, fault.Invalidf("status", "未知的措施状态“%s”", "Unknown measure status “%s”", string(m.Status))
	}
	if err := in.apply(&m); err != nil {
		return Measure{}, err
	}
	if err := checkCadreUser(ctx, q, m.OwnerUserID, h.Region); err != nil {
		return Measure{}, relabel(err, "owner_user_id")
	}
	err = q.QueryRowContext(ctx, `INSERT INTO measures (household_id, county, region_code, type, subtype, owner, owner_user_id,
		start_on, due_on, status, amount_fen, notes, continues_after_exit, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.HouseholdID, regions.County(h.Region), m.Region, m.Type, m.Subtype,
		m.Owner, store.NullID(m.OwnerUserID), m.StartOn, m.DueOn, string(m.Status), m.AmountFen, m.Notes,
		store.Bool01(m.ContinuesAfterExit), m.CreatedBy, m.CreatedAt, m.UpdatedAt).Scan(&m.ID)
	if err != nil {
		return Measure{}, fmt.Errorf("monitoring: add measure to household %s: %w", h.Code, err)
	}
	return m, auditMeasure(ctx, q, by, "monitoring.measure.add", m, nil)
}

// UpdateMeasure changes the plan fields of a measure of the scope. Its
// status changes only through AddProgress: a different in.Status is refused.
func UpdateMeasure(ctx context.Context, q store.Querier, scope store.Scope, by auth.User, id int64, in MeasureInput,
	now time.Time) (Measure, error) {
	if err := mayEdit(by, fault.T("修改帮扶措施", "change measures")); err != nil {
		return Measure{}, err
	}
	m, err := FindMeasure(ctx, q, scope, id)
	if err != nil {
		return Measure{}, err
	}
	if in.Status != "" && in.Status != m.Status {
		return Measure{}, fault.Invalidf("status", "措施状态请通过“更新进展”修改，以便记下日期", "Change a measure's status through “record progress”, so that its date is kept")
	}
	before := m
	if err := in.apply(&m); err != nil {
		return Measure{}, err
	}
	if err := checkCadreUser(ctx, q, m.OwnerUserID, m.Region); err != nil {
		return Measure{}, relabel(err, "owner_user_id")
	}
	m.UpdatedAt = store.Stamp(now)
	_, err = q.ExecContext(ctx, `UPDATE measures SET type = ?, subtype = ?, owner = ?, owner_user_id = ?, start_on = ?,
		due_on = ?, amount_fen = ?, notes = ?, continues_after_exit = ?, updated_at = ? WHERE id = ?`, m.Type, m.Subtype,
		m.Owner, store.NullID(m.OwnerUserID), m.StartOn, m.DueOn, m.AmountFen, m.Notes, store.Bool01(m.ContinuesAfterExit),
		m.UpdatedAt, m.ID)
	if err != nil {
		return Measure{}, fmt.Errorf("monitoring: update measure %d: %w", id, err)
	}
	return m, auditMeasure(ctx, q, by, "monitoring.measure.update", m, &before)
}

// AddProgress records a dated progress entry of a measure of the scope and
// sets its status to the entry's.
func AddProgress(ctx context.Context, q store.Querier, scope store.Scope, by auth.User, id int64, p ProgressInput,
	now time.Time) (Measure, error) {
	if err := mayEdit(by, fault.T("更新帮扶措施进展", "record a measure's progress")); err != nil {
		return Measure{}, err
	}
	m, err := FindMeasure(ctx, q, scope, id)
	if err != nil {
		return Measure{}, err
	}
	if err := p.check(m.Status, now); err != nil {
		return Measure{}, err
	}
	before := m
	u := Update{MeasureID: m.ID, On: p.On, StatusAfter: p.Status, Note: p.Note, By: by.Username, At: store.Stamp(now)}
	// An update carries its measure's county: the measure's region is where
	// it was planned, which its household may have left since.
	err = q.QueryRowContext(ctx, `INSERT INTO measure_updates (measure_id, county, region_code, on_date, status_after, note,
		by_user_id, by_name, at) VALUES (?, (SELECT county FROM measures WHERE id = ?), ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.MeasureID, u.MeasureID, m.Region, u.On,
		string(u.StatusAfter), u.Note, store.NullID(by.ID), u.By, u.At).Scan(&u.ID)
	if err != nil {
		return Measure{}, fmt.Errorf("monitoring: progress of measure %d: %w", id, err)
	}
	m.Status, m.UpdatedAt, m.Updates = p.Status, u.At, append(m.Updates, u)
	if _, err := q.ExecContext(ctx, "UPDATE measures SET status = ?, updated_at = ? WHERE id = ?", string(m.Status),
		m.UpdatedAt, m.ID); err != nil {
		return Measure{}, fmt.Errorf("monitoring: progress of measure %d: %w", id, err)
	}
	return m, auditMeasure(ctx, q, by, "monitoring.measure.progress", m, &before)
}

// auditMeasure records a change of a measure: its fields, or those that
// changed when before is given.
func auditMeasure(ctx context.Context, q store.Querier, by auth.User, action string, m Measure, before *Measure) error {
	var detail any = m.fields()
	if before != nil {
		detail = audit.Change(before.fields(), m.fields())
	}
	err := audit.Record(ctx, q, audit.Event{Action: action, Entity: "measure", EntityID: itoa(m.ID),
		Region: m.Region, Detail: detail})
	if err != nil {
		return fmt.Errorf("monitoring: %s: %w", action, err)
	}
	return nil
}

func (m Measure) fields() map[string]string {
	return map[string]string{"household_id": itoa(m.HouseholdID), "type": m.Type, "subtype": m.Subtype,
		"owner": m.Owner, "start_on": m.StartOn, "due_on": m.DueOn, "status": string(m.Status),
		"amount_fen": itoa(m.AmountFen), "notes": m.Notes, "continues_after_exit": fmt.Sprint(m.ContinuesAfterExit)}
}
