package visit

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"fangpin/internal/audit"
	"fangpin/internal/auth"
	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// The stored answers of a checklist item.
const (
	statusOK      = "ok"
	statusProblem = "problem"
)

// CaseRequest opens a case (基层干部排查) from a visit for a risk it found.
type CaseRequest struct {
	RiskTypes   []string
	Description string // "" takes the visit's findings
	Green       bool
	Deadlines   casework.Deadlines // the working-day calendar of the case's clocks
}

// Record stores a visit of a household of the scope by user at now, through
// q (the caller's transaction): the day (not after now's), the visitor, an answer
// to every enabled checklist item of the household's village (a problem
// needs a note), findings and photos (stripped of their metadata and
// synced to PhotoDir/ID/ before the caller commits). With OpenCase it opens
// a case from the visit (source screening, source_ref "visit:ID") and links
// the two. It records the visit in the audit log and returns its id. A
// household outside the scope is store.ErrNotFound; a role that may not
// change household data is ErrForbidden; bad input is fault.Invalid (also for
// the case's fields).
func Record(ctx context.Context, q store.Querier, scope store.Scope, user auth.User, v Visit, now time.Time) (int64, error) {
	if !user.Can(auth.PermEditRegistry) {
		return 0, ErrForbidden
	}
	h, err := householdOf(ctx, q, scope, v.HouseholdID)
	if err != nil {
		return 0, err
	}
	v.Region = h.region
	if err := v.clean(user, now); err != nil {
		return 0, err
	}
	items, err := Items(ctx, q, h.region)
	if err != nil {
		return 0, err
	}
	if v.Answers, err = checkAnswers(v.Answers, items); err != nil {
		return 0, err
	}
	photos, err := cleanPhotos(v.Photos, v.PhotoDir)
	if err != nil {
		return 0, err
	}
	if err := v.insert(ctx, q, now); err != nil {
		return 0, err
	}
	if err := savePhotos(ctx, q, v.PhotoDir, v.ID, photos); err != nil {
		return 0, err
	}
	if err := v.openCase(ctx, q, scope, user, h, now); err != nil {
		return 0, err
	}
	err = audit.Record(ctx, q, audit.Event{Action: "visit.record", Entity: "visit", EntityID: strconv.FormatInt(v.ID, 10), Region: v.Region,
		Detail: map[string]any{"household": h.code, "date": v.Date, "problems": problems(v.Answers), "case_id": v.CaseID}})
	if err != nil {
		return 0, fmt.Errorf("visit: %w", err)
	}
	return v.ID, nil
}

type householdInfo struct {
	id           int64
	region, code string
	head         string
}

// householdOf reads a household of the scope; one outside it is
// store.ErrNotFound.
func householdOf(ctx context.Context, q store.Querier, scope store.Scope, id int64) (householdInfo, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return householdInfo{}, err
	}
	h := householdInfo{id: id}
	var head sql.NullString
	err = q.QueryRowContext(ctx, `SELECT region_code, code, (SELECT p.name FROM persons p WHERE p.household_id = households.id
		AND p.relation = '户主' AND p.active = 1 ORDER BY p.id LIMIT 1) FROM households WHERE id = ? AND `+where,
		append([]any{id}, args...)...).Scan(&h.region, &h.code, &head)
	if err = store.Found(err, fmt.Sprintf("visit: household %d", id)); err != nil {
		return h, err
	}
	h.head = head.String
	if h.head == "" {
		h.head = h.code
	}
	return h, nil
}

// clean checks and trims the visit's own fields.
func (v *Visit) clean(user auth.User, now time.Time) error {
	v.Date, v.Findings = strings.TrimSpace(v.Date), strings.TrimSpace(v.Findings)
	v.Visitor = strings.TrimSpace(v.Visitor)
	if v.Visitor == "" {
		v.Visitor = user.DisplayName
	}
	if v.Visitor == "" {
		v.Visitor = user.Username
	}
	v.UserID = user.ID
	d, err := civil.ParseISO(v.Date)
	switch {
	case err != nil:
		return fault.Invalidf("date", "走访日期应为日期，如2026-11-28", "The visit date must be a date such as 2026-11-28")
	case d > civil.DateOf(now) || d.Year() < 2020:
		return fault.Invalidf("date", "走访日期不能晚于今天（%s）", "The visit date cannot be after today (%s)", civil.DateOf(now))
	case utf8.RuneCountInString(v.Visitor) > 50:
		return fault.Invalidf("visitor", "走访人不能超过50个字", "The visitor must not exceed 50 characters")
	case utf8.RuneCountInString(v.Findings) > 4000:
		return fault.Invalidf("findings", "走访情况不能超过4000个字", "The findings must not exceed 4000 characters")
	}
	return nil
}

// checkAnswers wants one answer per enabled item, in the items' order and
// with their labels; a problem needs a note.
func checkAnswers(in []Answer, items []Item) ([]Answer, error) {
	given := map[string]Answer{}
	for _, a := range in {
		a.Item, a.Note = strings.TrimSpace(a.Item), strings.TrimSpace(a.Note)
		if _, dup := given[a.Item]; dup {
			return nil, fault.Invalidf("answers", "检查项目“%s”重复", "The item “%s” is given twice", a.Item)
		}
		given[a.Item] = a
	}
	var out []Answer
	for _, it := range items {
		a, ok := given[it.Code]
		delete(given, it.Code)
		switch {
		case !it.Enabled:
			continue
		case !ok:
			return nil, fault.Invalidf("answers", "请填写检查项目“%s”", "Answer the item “%s”", it.Label)
		case a.Problem && a.Note == "":
			return nil, fault.Invalidf("answers", "“%s”发现问题，请说明情况", "“%s” has a problem: describe it", it.Label)
		case utf8.RuneCountInString(a.Note) > 500:
			return nil, fault.Invalidf("answers", "“%s”的说明不能超过500个字", "The note on “%s” must not exceed 500 characters", it.Label)
		}
		a.Label = it.Label
		out = append(out, a)
	}
	if len(given) > 0 {
		codes := slices.Sorted(maps.Keys(given))
		return nil, fault.Invalidf("answers", "未知的检查项目“%s”", "Unknown item “%s”", codes[0])
	}
	return out, nil
}

func (v *Visit) insert(ctx context.Context, q store.Querier, now time.Time) error {
	v.CreatedAt = store.Stamp(now)
	// v.Region is the household's region as Record read it in this
	// transaction; the visit and its checks carry its county.
	county := region.County(v.Region)
	err := q.QueryRowContext(ctx, `INSERT INTO visits (household_id, county, region_code, visited_on, visitor, user_id, findings,
		created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, v.HouseholdID, county, v.Region, v.Date, v.Visitor,
		store.NullID(v.UserID), v.Findings, v.CreatedAt).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("visit: record: %w", err)
	}
	for i, a := range v.Answers {
		status := statusOK
		if a.Problem {
			status = statusProblem
		}
		_, err := q.ExecContext(ctx, `INSERT INTO visit_checks (visit_id, county, region_code, item, label, position, status, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.ID, county, v.Region, a.Item, a.Label, i+1, status, a.Note)
		if err != nil {
			return fmt.Errorf("visit: record answers: %w", err)
		}
	}
	return nil
}

// openCase opens the case the visit asks for and links it.
func (v *Visit) openCase(ctx context.Context, q store.Querier, scope store.Scope, user auth.User, h householdInfo, now time.Time) error {
	r := v.OpenCase
	if r == nil {
		return nil
	}
	desc := strings.TrimSpace(r.Description)
	if desc == "" {
		desc = v.Findings
	}
	c, err := casework.Open(ctx, q, scope, casework.NewCase{HouseholdID: h.id, HeadName: h.head,
		Source: casework.SourceScreening, SourceRef: "visit:" + strconv.FormatInt(v.ID, 10), RiskTypes: r.RiskTypes,
		Description: desc, Green: r.Green, By: user}, now, r.Deadlines)
	if err != nil {
		return err
	}
	v.CaseID = c.ID
	if _, err := q.ExecContext(ctx, "UPDATE visits SET case_id = ? WHERE id = ?", c.ID, v.ID); err != nil {
		return fmt.Errorf("visit: link case: %w", err)
	}
	return nil
}

func problems(as []Answer) []string {
	out := []string{}
	for _, a := range as {
		if a.Problem {
			out = append(out, a.Item)
		}
	}
	return out
}
