package retrofit

import (
	"context"
	"errors"
	"fmt"

	"fangpin/internal/audit"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/pii"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// The columns of a retrofit file (docs/formats.md, "Retrofits (危房改造)"),
// each with the names it may have; the first is the template's.
var (
	colID        = []string{"户主身份证号", "户主证件号码", "户主身份证号码", "身份证号", "证件号码"}
	colKind      = []string{"改造类型"}
	colLevel     = []string{"危房等级"}
	colCentral   = []string{"中央补助", "中央补助（元）", "中央补助(元)"}
	colProvince  = []string{"省级补助", "省级补助（元）", "省级补助(元)"}
	colCity      = []string{"市级补助", "市级补助（元）", "市级补助(元)"}
	colCounty    = []string{"县级补助", "县级补助（元）", "县级补助(元)"}
	colOther     = []string{"其他补助", "其他补助（元）", "其他补助(元)"}
	colStarted   = []string{"开工日期"}
	colCompleted = []string{"竣工日期"}
	colAccepted  = []string{"验收日期"}
	allColumns   = []*[]string{&colID, &colKind, &colLevel, &colCentral, &colProvince, &colCity, &colCounty, &colOther,
		&colStarted, &colCompleted, &colAccepted}
	fieldOrder = []string{"kind", "level", "central", "province", "city", "county", "other", "started", "completed", "accepted"}
	// byField is the column of each field Check names
	byField = map[string]*[]string{"kind": &colKind, "level": &colLevel, "central": &colCentral, "province": &colProvince,
		"city": &colCity, "county": &colCounty, "other": &colOther, "started": &colStarted, "completed": &colCompleted,
		"accepted": &colAccepted}
)

// kindNames are the accepted cells of 改造类型.
var kindNames = map[string]string{"危房改造": "危房改造", "农房抗震改造": "农房抗震改造", "抗震改造": "农房抗震改造"}

// levelNames are the accepted cells of 危房等级.
var levelNames = map[string]string{"": "", "C": "C", "D": "D", "c": "C", "d": "D", "C级": "C", "D级": "D"}

// ImportResult is what an import did or found.
type ImportResult = registry.FileResult

// ErrRejected is the error of a file with problems: nothing was stored.
var ErrRejected = registry.ErrRejected

// Import reads a retrofit file (CSV or XLSX) and records every row, all or
// nothing, in one transaction with its audit entry. A row names its
// household by the ID number of a current member (the head, as the ledger
// has it) of a household of scope; a row of the same household, kind and
// start day as a stored one replaces it.
func Import(ctx context.Context, db *store.DB, keys *pii.Keys, scope store.Scope, path, by string, today civil.Date) (ImportResult, error) {
	if !scope.Valid() {
		return ImportResult{}, store.ErrNoScope
	}
	return registry.ImportRecords(ctx, db, path, allColumns, []*[]string{&colID, &colKind, &colStarted}, &colID,
		func(tx *store.Tx, row *registry.FileRow) (registry.Record[Retrofit], bool, error) {
			r, ok, err := readRow(ctx, tx, keys, scope, today, row)
			return registry.Record[Retrofit]{Value: r, Key: fmt.Sprint(r.HouseholdID, r.Kind, r.Started)}, ok, err
		}, func(first int) string {
			return fmt.Sprintf("与第%d行是同一户、同一改造类型、同一开工日期", first)
		},
		registry.SaveEach(ctx, by, save, audit.Event{Action: "retrofit.import", Entity: "retrofit", Region: scope.Prefix()}))
}

// readRow reads one row into a checked retrofit of a household of scope;
// its problems go to the row (ok false). err is a failure to read
// the database.
func readRow(ctx context.Context, q store.Querier, keys *pii.Keys, scope store.Scope, today civil.Date,
	row *registry.FileRow) (r Retrofit, ok bool, err error) {
	ok = true
	cell, bad := row.Cell, row.Bad
	m, err := registry.FindMember(ctx, q, keys, scope, cell(&colID))
	switch {
	case errors.Is(err, registry.ErrNoMember) || errors.Is(err, registry.ErrNoID):
		bad(&colID, err.Error())
		ok = false
	case err != nil:
		return r, false, err
	}
	r.HouseholdID, r.Region = m.HouseholdID, m.Region
	var known bool
	if r.Kind, known = kindNames[cell(&colKind)]; !known {
		bad(&colKind, "改造类型应为危房改造或农房抗震改造")
		ok = false
	}
	if r.Level, known = levelNames[cell(&colLevel)]; !known {
		bad(&colLevel, "危房等级应为C或D")
		ok = false
	}
	for _, m := range []struct {
		c  *[]string
		to *int64
	}{{&colCentral, &r.Central}, {&colProvince, &r.Province}, {&colCity, &r.City}, {&colCounty, &r.County}, {&colOther, &r.Other}} {
		if s := cell(m.c); s != "" {
			if *m.to, err = money.ParseYuan(s); err != nil {
				bad(m.c, err.Error())
				ok = false
			}
		}
	}
	for _, d := range []struct {
		c  *[]string
		to *civil.Date
	}{{&colStarted, &r.Started}, {&colCompleted, &r.Completed}, {&colAccepted, &r.Accepted}} {
		if s := cell(d.c); s != "" {
			if *d.to, err = civil.Parse(s); err != nil {
				bad(d.c, err.Error())
				ok = false
			}
		}
	}
	if !ok {
		return r, false, nil
	}
	if e, isFault := fault.As(r.Check(today)); isFault {
		for _, f := range fieldOrder { // in the columns' order
			if msg, has := e.Fields[f]; has {
				bad(byField[f], msg.Zh)
			}
		}
		return r, false, nil
	}
	return r, true, nil
}
