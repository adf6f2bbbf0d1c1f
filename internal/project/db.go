package project

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/workday"
)

// Chains reads the industry chains of the setting KeyChains
// (DefaultChains unless set).
func Chains(ctx context.Context, q store.Querier) ([]string, error) {
	s, err := workday.GetSetting(ctx, q, KeyChains, DefaultChains)
	if err != nil {
		return nil, err
	}
	return SplitList(s), nil
}

// SetChains stores the industry chains (at least one, none twice), with
// its audit entry in the same transaction. Projects and output rows already
// stored keep their chain.
func SetChains(ctx context.Context, db *store.DB, chains []string) error {
	seen := map[string]bool{}
	for _, c := range chains {
		if seen[c] {
			return fault.Invalidf("chains", "产业链 %s 重复", "chain %s given twice", c)
		}
		seen[c] = true
	}
	if len(chains) == 0 {
		return fault.Invalidf("chains", "至少需要一个产业链", "give at least one chain")
	}
	value := strings.Join(chains, "、")
	return db.Transact(ctx, func(tx *store.Tx) error {
		if err := workday.SetSetting(ctx, tx, KeyChains, value); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{Action: "settings.project_chains", Entity: "settings", EntityID: KeyChains,
			Detail: map[string]string{"chains": value}})
	})
}

// cols are a project's columns in the order scan reads them.
const cols = `p.id, p.code, p.name, p.year, p.county_code, p.township_code, p.villages, p.region_code, p.type, p.subtype, p.chain,
	p.central_fen, p.province_fen, p.city_fen, p.county_fen, p.other_fen, p.planned_fen, p.completed_fen, p.status`

func scan(row store.Scanner, p *Project, extra ...any) error {
	var villages string
	err := row.Scan(append([]any{&p.ID, &p.Code, &p.Name, &p.Year, &p.County, &p.Township, &villages, &p.Region, &p.Type,
		&p.Subtype, &p.Chain, &p.Funds.Central, &p.Funds.Province, &p.Funds.City, &p.Funds.County, &p.Funds.Other,
		&p.PlannedFen, &p.CompletedFen, &p.Status}, extra...)...)
	p.Villages = SplitList(villages)
	return err
}

// save records p (replacing the project of the same code) inside tx; the
// caller checked p and that the code is free or its project in scope.
func save(ctx context.Context, tx store.Querier, p Project, by, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO projects (code, name, year, county_code, township_code, villages, region_code,
		type, subtype, chain, central_fen, province_fen, city_fen, county_fen, other_fen, planned_fen, completed_fen, status,
		created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, year = excluded.year, county_code = excluded.county_code,
		township_code = excluded.township_code, villages = excluded.villages, region_code = excluded.region_code,
		type = excluded.type, subtype = excluded.subtype, chain = excluded.chain, central_fen = excluded.central_fen,
		province_fen = excluded.province_fen, city_fen = excluded.city_fen, county_fen = excluded.county_fen,
		other_fen = excluded.other_fen, planned_fen = excluded.planned_fen, completed_fen = excluded.completed_fen,
		status = excluded.status, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		p.Code, p.Name, p.Year, p.County, p.Township, strings.Join(p.Villages, ","), Place(p.County, p.Township, p.Villages),
		p.Type, p.Subtype, p.Chain, p.Funds.Central, p.Funds.Province, p.Funds.City, p.Funds.County, p.Funds.Other,
		p.PlannedFen, p.CompletedFen, p.Status, now, by, now)
	if err != nil {
		return fmt.Errorf("project: save %s: %w", p.Code, err)
	}
	return nil
}

// Filter narrows a list: zero fields do not filter.
type Filter struct {
	Year  int
	Type  string
	Chain string
}

func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Year != 0 {
		conds, args = append(conds, "p.year = ?"), append(args, f.Year)
	}
	if f.Type != "" {
		conds, args = append(conds, "p.type = ?"), append(args, f.Type)
	}
	if f.Chain != "" {
		conds, args = append(conds, "p.chain = ?"), append(args, f.Chain)
	}
	return strings.Join(append(conds, "1 = 1"), " AND "), args
}

// List returns a page of the projects of scope that pass f, newest year
// first, with their beneficiary households, and the number of all that pass.
func List(ctx context.Context, q store.Querier, scope store.Scope, f Filter, page store.Page) ([]Project, int, error) {
	where, args, err := scope.Where("p.region_code")
	if err != nil {
		return nil, 0, err
	}
	cond, fargs := f.where()
	args = append(args, fargs...)
	return store.CollectPage(ctx, q, "project: list", func(rows store.Scanner) (Project, error) {
		var p Project
		err := scan(rows, &p, &p.Households)
		return p, err
	}, "SELECT count(*) FROM projects p WHERE "+where+" AND "+cond,
		`SELECT `+cols+`, (SELECT count(*) FROM project_beneficiaries b WHERE b.project_id = p.id)
		FROM projects p WHERE `+where+" AND "+cond+` ORDER BY p.year DESC, p.county_code, p.code`, args, page)
}

// Find returns the project id of scope; one outside it is not found.
func Find(ctx context.Context, q store.Querier, scope store.Scope, id int64) (Project, error) {
	where, args, err := scope.Where("p.region_code")
	if err != nil {
		return Project{}, err
	}
	var p Project
	err = scan(q.QueryRowContext(ctx, `SELECT `+cols+`, (SELECT count(*) FROM project_beneficiaries b WHERE b.project_id = p.id)
		FROM projects p WHERE p.id = ? AND `+where, append([]any{id}, args...)...), &p, &p.Households)
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, store.ErrNotFound
	}
	if err != nil {
		return Project{}, fmt.Errorf("project: find %d: %w", id, err)
	}
	return p, nil
}

// Beneficiary is a household a project benefits.
type Beneficiary struct {
	HouseholdID int64
	Code        string // 户编号
	Region      string // the household's village
	Type        string // 户类型
}

// Beneficiaries lists the households project id benefits that lie in
// scope, by household code; a project outside scope is not found.
func Beneficiaries(ctx context.Context, q store.Querier, scope store.Scope, id int64) ([]Beneficiary, error) {
	if _, err := Find(ctx, q, scope, id); err != nil {
		return nil, err
	}
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "project: beneficiaries", func(rows store.Scanner) (Beneficiary, error) {
		var b Beneficiary
		err := rows.Scan(&b.HouseholdID, &b.Code, &b.Region, &b.Type)
		return b, err
	}, `SELECT h.id, h.code, h.region_code, h.type FROM project_beneficiaries b
		JOIN households h ON h.id = b.household_id WHERE b.project_id = ? AND `+where+` ORDER BY h.code`, append([]any{id}, args...)...)
}

// OfHousehold lists the projects benefiting household id of scope, newest
// year first; a household outside scope has none.
func OfHousehold(ctx context.Context, q store.Querier, scope store.Scope, householdID int64) ([]Project, error) {
	where, args, err := scope.Where("b.region_code")
	if err != nil {
		return nil, err
	}
	return store.Collect(ctx, q, "project: of household", func(rows store.Scanner) (Project, error) {
		var p Project
		err := scan(rows, &p)
		return p, err
	}, `SELECT `+cols+` FROM project_beneficiaries b JOIN projects p ON p.id = b.project_id
		WHERE b.household_id = ? AND `+where+` ORDER BY p.year DESC, p.code`, append([]any{householdID}, args...)...)
}

// Progress is what a page may change of a project: its status and its
// completed investment.
type Progress struct {
	Status       string
	CompletedFen int64
}

// SetProgress changes project id of scope to pr, with its audit entry in
// the same transaction; a project outside scope is not found.
func SetProgress(ctx context.Context, db *store.DB, scope store.Scope, id int64, pr Progress, by string) error {
	f := map[string]fault.Text{}
	if !slices.Contains(Statuses, pr.Status) {
		f["status"] = fault.T("项目状态应为储备、实施中或已完工", "status must be 储备, 实施中 or 已完工")
	}
	if pr.CompletedFen < 0 {
		f["completed"] = fault.T("完成投资不能为负", "completed investment cannot be negative")
	}
	if len(f) > 0 {
		return fault.InvalidFields(f)
	}
	return db.Transact(ctx, func(tx *store.Tx) error {
		p, err := Find(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE projects SET status = ?, completed_fen = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
			pr.Status, pr.CompletedFen, by, store.Now(), id); err != nil {
			return fmt.Errorf("project: progress %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Event{Action: "project.progress", Entity: "project", EntityID: strconv.FormatInt(id, 10),
			Region: p.Region, Detail: map[string]any{"status": pr.Status, "completed_fen": pr.CompletedFen,
				"status_before": p.Status, "completed_fen_before": p.CompletedFen}})
	})
}

// Output is one chain's output in a county and year.
type Output struct {
	Chain     string
	County    string
	Year      int
	OutputFen int64
}

// saveOutput records o (replacing the row of the same chain, county and
// year) inside tx.
func saveOutput(ctx context.Context, tx store.Querier, o Output, by, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO chain_output (chain, region_code, year, output_fen, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chain, region_code, year) DO UPDATE SET output_fen = excluded.output_fen,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`, o.Chain, o.County, o.Year, o.OutputFen, by, now)
	if err != nil {
		return fmt.Errorf("project: save output: %w", err)
	}
	return nil
}
