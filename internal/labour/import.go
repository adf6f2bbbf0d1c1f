package labour

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/idcard"
	"fangpin/internal/money"
	"fangpin/internal/pii"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/tabular"
)

// The columns of a transfer file (docs/formats.md, "Labour transfers").
var (
	colID       = []string{"证件号码", "身份证号", "身份证号码", "公民身份号码"}
	colYear     = []string{"年度"}
	colDest     = []string{"去向"}
	colProvince = []string{"省份", "务工省份"}
	colMonths   = []string{"务工月数", "务工月数（月）", "务工月数(月)"}
	colIncome   = []string{"务工收入", "务工收入（元）", "务工收入(元)"}
)

// ImportResult is what an import did or found: the transfers recorded (0
// when rejected) and the problems, in the household import's form.
type ImportResult struct {
	Rows int
	registry.Problems
}

// ErrRejected is the error of a file with problems: nothing was stored.
var ErrRejected = registry.ErrRejected

// Import reads a transfer file (CSV or XLSX) and records every row's
// transfer, all or nothing, in one transaction with its audit entry. A row
// names a person of scope by ID number; a blank 务工月数 takes the months of
// the person's latest 务工 row of the employment feed in that year (source
// feed), and a given one links that row when there is one.
func Import(ctx context.Context, db *store.DB, keys *pii.Keys, scope store.Scope, path, by string) (ImportResult, error) {
	if !scope.Valid() {
		return ImportResult{}, store.ErrNoScope
	}
	t, err := tabular.Open(path)
	if err != nil {
		return ImportResult{}, fault.Invalidt("无法读取文件：%v", "cannot read the file: %v", err)
	}
	defer t.Close()
	var res ImportResult
	issue := func(row, col int, names []string, msg string) { res.Add(row, col, names[0], msg) }
	cols := map[*[]string]int{}
	for _, c := range []*[]string{&colID, &colYear, &colDest, &colProvince, &colMonths, &colIncome} {
		cols[c] = t.Column(*c...)
	}
	for _, c := range []*[]string{&colID, &colYear, &colDest} {
		if cols[c] < 0 {
			issue(1, -1, *c, "缺少必填列「"+(*c)[0]+"」")
		}
	}
	if res.Count > 0 {
		return res, ErrRejected
	}
	seen := map[[2]int64]int{}
	err = db.Transact(ctx, func(tx *store.Tx) error {
		transfers, err := registry.ReadRows(t, &res.Problems, func(rec []string, row int) (Transfer, bool, error) {
			cell := func(c *[]string) string { return tabular.Cell(rec, cols[c]) }
			bad := func(c *[]string, msg string) { issue(row, cols[c], *c, msg) }
			tr := Transfer{Destination: cell(&colDest), Province: NormProvince(cell(&colProvince)), Source: SourceImport}
			y, err := strconv.Atoi(cell(&colYear))
			if err != nil || y < 2000 || y > 2100 {
				bad(&colYear, "年度应为四位数年份")
				return tr, false, nil
			}
			tr.Year = y
			if err := findPerson(ctx, tx, keys, scope, cell(&colID), &tr); errors.Is(err, errNoPerson) || errors.Is(err, errNoID) {
				bad(&colID, err.Error())
				return tr, false, nil
			} else if err != nil {
				return tr, false, err
			}
			if s := cell(&colIncome); s != "" {
				if tr.IncomeFen, err = money.ParseYuan(s); err != nil {
					bad(&colIncome, "金额格式不正确")
					return tr, false, nil
				}
			}
			feedID, feedMonths, err := feedRow(ctx, tx, tr.PersonID, y)
			if err != nil {
				return tr, false, err
			}
			tr.FeedRowID = feedID
			if s := cell(&colMonths); s != "" {
				if tr.Months, err = strconv.Atoi(s); err != nil {
					bad(&colMonths, "务工月数应为0到12的整数")
					return tr, false, nil
				}
			} else if feedID != 0 {
				tr.Months, tr.Source = feedMonths, SourceFeed
			} else {
				bad(&colMonths, "务工月数为空，且该年度没有人社务工数据")
				return tr, false, nil
			}
			if e, ok := fault.As(tr.Check()); ok {
				for field, msg := range e.Fields {
					c := map[string]*[]string{"destination": &colDest, "province": &colProvince, "months": &colMonths, "income": &colIncome}[field]
					if c == nil {
						c = &colYear
					}
					bad(c, msg.Zh)
				}
				return tr, false, nil
			}
			key := [2]int64{tr.PersonID, int64(y)}
			if first, dup := seen[key]; dup {
				bad(&colID, fmt.Sprintf("与第%d行是同一人同一年度", first))
				return tr, false, nil
			}
			seen[key] = row
			return tr, true, nil
		})
		if err != nil {
			return err
		}
		now := store.Now()
		for _, tr := range transfers {
			if err := SaveTransfer(ctx, tx, tr, by, now); err != nil {
				return err
			}
		}
		res.Rows = len(transfers)
		return audit.Record(ctx, tx, audit.Event{Action: "labour.import", Entity: "labour_transfer", Region: scope.Prefix(),
			Detail: map[string]int{"rows": len(transfers)}})
	})
	if err != nil {
		res.Rows = 0
	}
	return res, err
}

// errNoPerson is the one answer for an ID number not registered and one
// outside the scope.
var (
	errNoPerson = errors.New("未找到此证件号码的在册人员")
	errNoID     = errors.New("证件号码为空")
)

// findPerson fills t's person, household and region from an ID number.
func findPerson(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, id string, t *Transfer) error {
	id = idcard.Normalize(id)
	if id == "" {
		return errNoID
	}
	where, args, err := scope.Where("h.region_code")
	if err != nil {
		return err
	}
	err = q.QueryRowContext(ctx, `SELECT p.id, p.household_id, h.region_code FROM persons p JOIN households h ON h.id = p.household_id
		WHERE p.id_idx = ? AND p.active = 1 AND `+where, append([]any{keys.Index(id)}, args...)...).Scan(&t.PersonID, &t.HouseholdID, &t.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoPerson
	}
	if err != nil {
		return fmt.Errorf("labour: person: %w", err)
	}
	return nil
}

// feedRow is the person's latest 务工 row of the employment feed dated in
// year, and its months; 0 when none.
func feedRow(ctx context.Context, q store.Querier, personID int64, year int) (id int64, months int, err error) {
	err = q.QueryRowContext(ctx, `SELECT id, months FROM feed_employment WHERE person_id = ? AND status = '务工'
		AND day BETWEEN ? AND ? ORDER BY day DESC, id DESC LIMIT 1`, personID, year*10000+101, year*10000+1231).Scan(&id, &months)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("labour: employment feed: %w", err)
	}
	return id, months, nil
}
