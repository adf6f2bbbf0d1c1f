package labour

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"fangpin/internal/audit"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/pii"
	"fangpin/internal/registry"
	"fangpin/internal/store"
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

// ImportResult is what an import did or found.
type ImportResult = registry.FileResult

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
	return registry.ImportRecords(ctx, db, path, []*[]string{&colID, &colYear, &colDest, &colProvince, &colMonths, &colIncome},
		[]*[]string{&colID, &colYear, &colDest}, &colID,
		func(tx *store.Tx, r *registry.FileRow) (registry.Record[Transfer], bool, error) {
			tr, ok, err := readTransfer(ctx, tx, keys, scope, r)
			return registry.Record[Transfer]{Value: tr, Key: fmt.Sprint(tr.PersonID, "/", tr.Year)}, ok, err
		}, func(first int) string { return fmt.Sprintf("与第%d行是同一人同一年度", first) },
		registry.SaveEach(ctx, by, SaveTransfer, audit.Event{Action: "labour.import", Entity: "labour_transfer", Region: scope.Prefix()}))
}

// readTransfer reads one row of a transfer file; its problems go to the
// row (ok false). err is a failure to read the database.
func readTransfer(ctx context.Context, tx store.Querier, keys *pii.Keys, scope store.Scope, r *registry.FileRow) (tr Transfer, ok bool, err error) {
	tr = Transfer{Destination: r.Cell(&colDest), Province: NormProvince(r.Cell(&colProvince)), Source: SourceImport}
	y, err := strconv.Atoi(r.Cell(&colYear))
	if err != nil || y < 2000 || y > 2100 {
		r.Bad(&colYear, "年度应为四位数年份")
		return tr, false, nil
	}
	tr.Year = y
	if err := findPerson(ctx, tx, keys, scope, r.Cell(&colID), &tr); errors.Is(err, errNoPerson) || errors.Is(err, errNoID) {
		r.Bad(&colID, err.Error())
		return tr, false, nil
	} else if err != nil {
		return tr, false, err
	}
	if s := r.Cell(&colIncome); s != "" {
		if tr.IncomeFen, err = money.ParseYuan(s); err != nil {
			r.Bad(&colIncome, "金额格式不正确")
			return tr, false, nil
		}
	}
	feedID, feedMonths, err := feedRow(ctx, tx, tr.PersonID, y)
	if err != nil {
		return tr, false, err
	}
	tr.FeedRowID = feedID
	if s := r.Cell(&colMonths); s != "" {
		if tr.Months, err = strconv.Atoi(s); err != nil {
			r.Bad(&colMonths, "务工月数应为0到12的整数")
			return tr, false, nil
		}
	} else if feedID != 0 {
		tr.Months, tr.Source = feedMonths, SourceFeed
	} else {
		r.Bad(&colMonths, "务工月数为空，且该年度没有人社务工数据")
		return tr, false, nil
	}
	if e, isFault := fault.As(tr.Check()); isFault {
		for field, msg := range e.Fields {
			c := map[string]*[]string{"destination": &colDest, "province": &colProvince, "months": &colMonths, "income": &colIncome}[field]
			if c == nil {
				c = &colYear
			}
			r.Bad(c, msg.Zh)
		}
		return tr, false, nil
	}
	return tr, true, nil
}

// errNoPerson is the one answer for an ID number not registered and one
// outside the scope.
var (
	errNoPerson = registry.ErrNoMember
	errNoID     = registry.ErrNoID
)

// findPerson fills t's person, household and region from an ID number.
func findPerson(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, id string, t *Transfer) error {
	m, err := registry.FindMember(ctx, q, keys, scope, id)
	t.PersonID, t.HouseholdID, t.Region = m.PersonID, m.HouseholdID, m.Region
	return err
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
