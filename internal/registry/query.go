package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"fangpin/internal/idcard"
	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// Filter selects households in a list.
type Filter struct {
	Region    string // a region code inside the scope; "" for the whole scope
	Type      string // 脱贫户 / 一般农户
	Q         string // household code, a full ID number, or part of a head's or member's name
	QIndex    string // the keyed index of an ID number (pii.Keys.Index), so pages need not carry the number
	Monitored string // "" any, "current" under monitoring, "ever" ever identified, "eliminated"
	Category  string
	// MonitoredFrom and MonitoredTo (YYYYMM, both set or neither) keep the
	// households under monitoring in at least one month of the span:
	// identified by MonitoredTo and not eliminated before MonitoredFrom.
	MonitoredFrom, MonitoredTo int
	Page                       int // 1-based
	PerPage                    int // store.Page: default 50, at most 500
}

// ListItem is one row of a household list.
type ListItem struct {
	Code       string `json:"code"`
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name,omitempty"`
	Type       string `json:"type"`
	HeadName   string `json:"head_name"`
	Members    int    `json:"members"`
	Category   string `json:"category"` // empty when not under monitoring now
	// Matched and MatchedRelation are the member whose name the search
	// matched, when a name was searched for and it is not the head's.
	Matched         string `json:"matched,omitempty"`
	MatchedRelation string `json:"matched_relation,omitempty"`
}

// FindHouseholds lists the households in scope that match f, with the total.
func FindHouseholds(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, f Filter) ([]ListItem, int, error) {
	cond, args, err := f.conditions(keys, scope)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM households h WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("registry: count households: %w", err)
	}
	limit, offset := store.Page{Page: f.Page, PerPage: f.PerPage}.Limits()
	// the member a name search matched, head first ('' when no name was searched)
	like, matched := f.nameLike(keys), "''"
	var selArgs []any
	if like != "" {
		matched = `COALESCE((SELECT p.name || '|' || p.relation FROM persons p WHERE p.household_id = h.id AND p.active = 1
			AND p.name LIKE ? ESCAPE '\' ORDER BY CASE WHEN p.relation = '户主' THEN 0 ELSE 1 END, p.id LIMIT 1), '')`
		selArgs = []any{like}
	}
	items, err := store.Collect(ctx, q, "registry: list households", scanListItem,
		`SELECT h.code, h.region_code, COALESCE(r.name, ''), h.type, h.members,
		CASE WHEN h.identified_month IS NOT NULL AND h.eliminated = 0 THEN h.category ELSE '' END,
		COALESCE((SELECT p.name FROM persons p WHERE p.household_id = h.id AND p.relation = '户主' AND p.active = 1 LIMIT 1), ''),
		`+matched+`
		FROM households h LEFT JOIN regions r ON r.code = h.region_code
		WHERE `+cond+" "+listOrder+" LIMIT ? OFFSET ?", append(append(selArgs, args...), limit, offset)...)
	if items == nil {
		items = []ListItem{}
	}
	return items, total, err
}

func scanListItem(rows store.Scanner) (ListItem, error) {
	var it ListItem
	var m string
	if err := rows.Scan(&it.Code, &it.RegionCode, &it.RegionName, &it.Type, &it.Members, &it.Category, &it.HeadName, &m); err != nil {
		return it, err
	}
	if name, rel, _ := strings.Cut(m, "|"); name != "" && rel != "户主" {
		it.Matched, it.MatchedRelation = name, rel
	}
	return it, nil
}

// listOrder is the order of every household list: by village, then code.
const listOrder = "ORDER BY h.region_code, h.code"

// conditions is the WHERE clause of f over households h: the scope narrowed
// to f.Region, then the other fields. keys turns a full ID number in Q into
// its keyed index.
func (f Filter) conditions(keys *pii.Keys, scope store.Scope) (string, []any, error) {
	where, args, err := scope.NarrowWhere(f.Region, "h.region_code")
	if err != nil {
		return "", nil, err
	}
	conds := []string{where}
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if f.Type != "" {
		add("h.type = ?", f.Type)
	}
	if f.Category != "" {
		add("h.category = ?", f.Category)
	}
	switch f.Monitored {
	case "current":
		add("h.identified_month IS NOT NULL AND h.eliminated = 0")
	case "ever":
		add("h.identified_month IS NOT NULL")
	case "eliminated":
		add("h.identified_month IS NOT NULL AND h.eliminated = 1")
	}
	if f.MonitoredFrom != 0 || f.MonitoredTo != 0 {
		add("h.identified_month IS NOT NULL AND h.identified_month <= ? AND (h.eliminated = 0 OR h.eliminated_month IS NULL OR h.eliminated_month >= ?)",
			f.MonitoredTo, f.MonitoredFrom)
	}
	if f.QIndex != "" {
		add("h.id IN (SELECT household_id FROM persons WHERE id_idx = ?)", f.QIndex)
	}
	if qs := strings.TrimSpace(f.Q); qs != "" {
		if _, err := idcard.Parse(qs, timeNow()); err == nil && keys != nil {
			add("h.id IN (SELECT household_id FROM persons WHERE id_idx = ?)", keys.Index(idcard.Normalize(qs)))
		} else {
			// part of a name: each household of the scope looks at its own
			// members (persons_household), so the cost is bounded by the scope
			add(`(h.code = ? OR EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.active = 1
				AND p.name LIKE ? ESCAPE '\'))`, qs, f.nameLike(keys))
		}
	}
	return strings.Join(conds, " AND "), args, nil
}

// nameLike is the LIKE pattern of a name search ("%李%"), "" when Q is empty
// or a full ID number. Names are stored in the clear (they are shown on
// every list); LIKE's wildcards typed by the user are taken literally.
func (f Filter) nameLike(keys *pii.Keys) string {
	qs := strings.TrimSpace(f.Q)
	if qs == "" {
		return ""
	}
	if _, err := idcard.Parse(qs, timeNow()); err == nil && keys != nil {
		return ""
	}
	return "%" + likeEscaper.Replace(qs) + "%"
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// FindHousehold returns a household of the scope by its code, with its current
// members (head first). A household outside the scope is ErrNotFound.
func FindHousehold(ctx context.Context, q store.Querier, scope store.Scope, code string) (*Household, []Person, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, nil, err
	}
	h := &Household{}
	var ident, elim, remarked sql.NullInt64
	var elimFlag int
	var risks string
	err = q.QueryRowContext(ctx, `SELECT id, code, region_code, type, phone_masked, category, identified_month,
		eliminated, elimination_mode, eliminated_month, remarked_month, risk_types, members, updated_at
		FROM households WHERE code = ? AND `+where, append([]any{code}, args...)...).Scan(&h.ID, &h.Code,
		&h.RegionCode, &h.Type, &h.PhoneMasked, &h.Category, &ident, &elimFlag, &h.EliminationMode, &elim, &remarked,
		&risks, &h.Members, &h.UpdatedAt)
	if err = store.Found(err, fmt.Sprintf("registry: household %s", code)); err != nil {
		return nil, nil, err
	}
	h.IdentifiedMonth, h.EliminatedMonth, h.RemarkedMonth = int(ident.Int64), int(elim.Int64), int(remarked.Int64)
	h.Eliminated = elimFlag == 1
	if risks != "" {
		h.Risks = strings.Split(risks, ",")
	}
	if err := loadIncome(ctx, q, h); err != nil {
		return nil, nil, err
	}
	members, err := members(ctx, q, h.ID)
	return h, members, err
}

func loadIncome(ctx context.Context, q store.Querier, h *Household) error {
	var fen int64
	err := q.QueryRowContext(ctx, `SELECT year, per_capita_fen FROM household_incomes WHERE household_id = ?
		ORDER BY year DESC LIMIT 1`, h.ID).Scan(&h.IncomeYear, &fen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("registry: income of %s: %w", h.Code, err)
	}
	h.IncomeFen = &fen
	return nil
}

func members(ctx context.Context, q store.Querier, householdID int64) ([]Person, error) {
	return store.Collect(ctx, q, "registry: members", scanMember, `SELECT id, household_id, region_code, id_masked, name, sex,
		birth_date, relation, ethnicity, education, schooling, health, labour_skill, work_months, work_place, phone_masked,
		dibao, tekun, medical_insured, active FROM persons WHERE household_id = ? AND active = 1
		ORDER BY CASE WHEN relation = '户主' THEN 0 ELSE 1 END, birth_date`, householdID)
}

func scanMember(rows store.Scanner) (Person, error) {
	var p Person
	var health string
	var wm, dibao, tekun, ins sql.NullInt64
	var active int
	if err := rows.Scan(&p.ID, &p.HouseholdID, &p.RegionCode, &p.IDMasked, &p.Name, &p.Sex, &p.BirthDate,
		&p.Relation, &p.Ethnicity, &p.Education, &p.Schooling, &health, &p.LabourSkill, &wm, &p.WorkPlace,
		&p.PhoneMasked, &dibao, &tekun, &ins, &active); err != nil {
		return p, err
	}
	p.Health = splitList(health)
	p.WorkMonths, p.Dibao, p.Tekun, p.Insured = nullInt(wm), nullBool(dibao), nullBool(tekun), nullBool(ins)
	p.Active = active == 1
	return p, nil
}

// HistoryEntry is one recorded monitoring state of a household.
type HistoryEntry struct {
	RecordedAt, Source, Category, EliminationMode, Risks string
	IdentifiedMonth, EliminatedMonth, RemarkedMonth      int
	Eliminated                                           bool
	Reason                                               string // why it changed, when someone said so (a rollback's reason)
}

// MonitoringHistory lists a household's recorded monitoring states, oldest first.
func MonitoringHistory(ctx context.Context, q store.Querier, scope store.Scope, householdID int64) ([]HistoryEntry, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "registry: monitoring history", scanHistoryEntry,
		`SELECT recorded_at, source, category, identified_month, eliminated,
		elimination_mode, eliminated_month, remarked_month, risk_types, reason FROM monitoring_history
		WHERE household_id = ? AND `+where+" ORDER BY id", append([]any{householdID}, args...)...)
}

func scanHistoryEntry(rows store.Scanner) (HistoryEntry, error) {
	var e HistoryEntry
	var ident, elim, rem sql.NullInt64
	var el int
	if err := rows.Scan(&e.RecordedAt, &e.Source, &e.Category, &ident, &el, &e.EliminationMode, &elim, &rem, &e.Risks, &e.Reason); err != nil {
		return e, err
	}
	e.IdentifiedMonth, e.EliminatedMonth, e.RemarkedMonth = int(ident.Int64), int(elim.Int64), int(rem.Int64)
	e.Eliminated = el == 1
	return e, nil
}
