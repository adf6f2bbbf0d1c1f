package entity

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fangpin/internal/civil"
	"fangpin/internal/money"
	"fangpin/internal/regcode"
	"fangpin/internal/region"
)

// The columns of each template (docs/formats.md, "Business entities").
var (
	entityColumns = []column{colEntity,
		{[]string{"统一社会信用代码"}, false},
		{[]string{"主体类型"}, true},
		{[]string{"等级", "示范等级"}, false},
		{[]string{"所在县区代码", "县区代码"}, true},
		{[]string{"覆盖乡镇村代码", "覆盖乡镇村"}, false},
		{[]string{"联农带农方式"}, false},
	}
	linkColumns      = []column{colEntity, colHousehold, {[]string{"联结方式"}, true}}
	shareColumns     = []column{colEntity, colHousehold, {[]string{"入股金额（元）", "入股金额(元)", "入股金额"}, true}, {[]string{"资金来源"}, true}, {[]string{"入股日期"}, true}}
	agreementColumns = []column{colEntity, colHousehold, {[]string{"分红比例（‰）", "分红比例(‰)", "分红比例"}, false},
		{[]string{"固定分红金额（元）", "固定分红金额(元)", "固定分红金额"}, false}, {[]string{"约定兑付日"}, true}, {[]string{"签订日期"}, true}}
	payoutColumns = []column{colEntity, colHousehold, {[]string{"年度"}, true}, {[]string{"分红金额（元）", "分红金额(元)", "分红金额"}, false},
		{[]string{"应兑付日期"}, false}, {[]string{"兑付日期"}, false}, {[]string{"兑付凭证"}, false}}
)

// regionLevel is the level of a region code in the region tree; 0 when
// the code is not there.
func (im *importer) regionLevel(code string) int {
	var lvl int
	if err := im.tx.QueryRowContext(im.ctx, "SELECT level FROM regions WHERE code = ?", code).Scan(&lvl); err != nil {
		return 0
	}
	return lvl
}

// entityRow reads a row of the list of entities: a new entity, or new
// fields, areas and mechanisms for the one of that name.
func (im *importer) entityRow() func() error {
	e := Entity{Name: im.cell("主体名称"), CreditCode: strings.ToUpper(im.cell("统一社会信用代码")), Kind: im.cell("主体类型"),
		Level: im.cell("等级"), County: im.cell("所在县区代码"), Areas: SplitList(im.cell("覆盖乡镇村代码")),
		Mechanisms: SplitList(im.cell("联农带农方式"))}
	im.fieldIssues(e.Check(), map[string]string{"name": "主体名称", "credit_code": "统一社会信用代码", "kind": "主体类型",
		"level": "等级", "mechanisms": "联农带农方式"}, "主体名称")
	if regcode.Level(e.County) != regcode.County || im.regionLevel(e.County) != regcode.County {
		im.issue("所在县区代码", "应为区划库中县（区）的12位代码")
	} else if !im.scope.Contains(e.County) {
		im.issue("所在县区代码", "该县（区）不在权限范围内")
	}
	for _, a := range e.Areas {
		if lvl := im.regionLevel(a); lvl != regcode.Township && lvl != regcode.Village {
			im.issue("覆盖乡镇村代码", "「"+a+"」不是区划库中乡镇或村的代码")
			break
		} else if !im.scope.Contains(a) {
			im.issue("覆盖乡镇村代码", "「"+a+"」不在权限范围内")
			break
		}
	}
	var id int64
	var county string
	err := im.tx.QueryRowContext(im.ctx, "SELECT id, region_code FROM entities WHERE name = ?", e.Name).Scan(&id, &county)
	if err == nil && !im.scope.Contains(county) {
		im.issue("主体名称", "已有同名经营主体登记在权限范围以外的县（区）")
	}
	if !im.once(e.Name, "主体名称") {
		return nil
	}
	return func() error { return im.saveEntity(e) }
}

// saveEntity inserts or updates e by name and replaces its areas and
// mechanisms.
func (im *importer) saveEntity(e Entity) error {
	err := im.tx.QueryRowContext(im.ctx, `INSERT INTO entities (name, credit_code, kind, level, region_code, created_at, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET credit_code = excluded.credit_code, kind = excluded.kind,
		level = excluded.level, region_code = excluded.region_code, updated_by = excluded.updated_by, updated_at = excluded.updated_at
		RETURNING id`, e.Name, e.CreditCode, e.Kind, e.Level, e.County, im.now, im.by, im.now).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("entity: save %s: %w", e.Name, err)
	}
	for _, t := range []string{"entity_areas", "entity_mechanisms"} {
		if _, err := im.tx.ExecContext(im.ctx, "DELETE FROM "+t+" WHERE entity_id = ?", e.ID); err != nil {
			return fmt.Errorf("entity: save %s: %w", e.Name, err)
		}
	}
	for _, a := range e.Areas {
		if _, err := im.tx.ExecContext(im.ctx, "INSERT INTO entity_areas (entity_id, region_code) VALUES (?, ?)", e.ID, a); err != nil {
			return fmt.Errorf("entity: save %s: %w", e.Name, err)
		}
	}
	for _, m := range e.Mechanisms {
		if _, err := im.tx.ExecContext(im.ctx, "INSERT INTO entity_mechanisms (entity_id, mechanism) VALUES (?, ?)", e.ID, m); err != nil {
			return fmt.Errorf("entity: save %s: %w", e.Name, err)
		}
	}
	return nil
}

// entityHousehold reads the entity and the household of the current row.
func (im *importer) entityHousehold() (ent, hh int64, village string, ok bool) {
	ent, eok := im.entityID()
	hh, village, hok := im.household()
	return ent, hh, village, eok && hok
}

// linkRow reads a row of links: a household linked to an entity by a
// mechanism (a link already stored is kept).
func (im *importer) linkRow() func() error {
	ent, hh, village, ok := im.entityHousehold()
	mech := im.cell("联结方式")
	if !slices.Contains(Mechanisms, mech) {
		im.issue("联结方式", "联结方式应为"+strings.Join(Mechanisms, "、")+"之一")
		return nil
	}
	if !ok || !im.once(fmt.Sprint(ent, hh, mech), "户编号") {
		return nil
	}
	return func() error {
		_, err := im.tx.ExecContext(im.ctx, `INSERT INTO entity_links (entity_id, household_id, region_code, county, mechanism,
			created_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			ent, hh, village, region.County(village), mech, im.now, im.by)
		if err != nil {
			return fmt.Errorf("entity: save link: %w", err)
		}
		return nil
	}
}

// yuan reads a positive amount in 元 from column name (ok false when blank
// or wrong, wrong recorded).
func (im *importer) yuan(name string) (int64, bool) {
	s := im.cell(name)
	if s == "" {
		return 0, false
	}
	fen, err := money.ParseYuan(s)
	if err != nil || fen <= 0 {
		im.issue(name, "金额应为大于0的数，最多两位小数")
		return 0, false
	}
	return fen, true
}

// date reads a date from column name (0 when blank; required records its
// absence).
func (im *importer) date(name string, required bool) civil.Date {
	s := im.cell(name)
	if s == "" {
		if required {
			im.issue(name, "请填写日期")
		}
		return 0
	}
	d, err := civil.Parse(s)
	if err != nil {
		im.issue(name, "日期格式不正确")
		return 0
	}
	return d
}

// shareRow reads a row of shares: a household's money paid into an entity
// (the same entity, household, source and day replaces the amount).
func (im *importer) shareRow() func() error {
	ent, hh, village, ok := im.entityHousehold()
	fen, fok := im.yuan("入股金额（元）")
	if !fok && im.cell("入股金额（元）") == "" {
		im.issue("入股金额（元）", "请填写入股金额")
	}
	src := im.cell("资金来源")
	if !slices.Contains(Sources, src) {
		im.issue("资金来源", "资金来源应为"+strings.Join(Sources, "、")+"之一")
	}
	day := im.date("入股日期", true)
	if !ok || !fok || day == 0 || !slices.Contains(Sources, src) || !im.once(fmt.Sprint(ent, hh, src, day), "户编号") {
		return nil
	}
	return func() error {
		_, err := im.tx.ExecContext(im.ctx, `INSERT INTO entity_shares (entity_id, household_id, region_code, county, amount_fen,
			source, day, created_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity_id, household_id, source, day, county)
			DO UPDATE SET amount_fen = excluded.amount_fen, updated_by = excluded.updated_by`,
			ent, hh, village, region.County(village), fen, src, day.String(), im.now, im.by)
		if err != nil {
			return fmt.Errorf("entity: save share: %w", err)
		}
		return nil
	}
}

// parseMonthDay reads a yearly due day: "12-31", "12/31", "1231" or
// "12月31日".
func parseMonthDay(s string) (m, d int, ok bool) {
	s = strings.TrimSuffix(strings.NewReplacer("月", "-", "/", "-", ".", "-").Replace(strings.TrimSpace(s)), "日")
	a, b, cut := strings.Cut(s, "-")
	if !cut && len(s) == 4 {
		a, b = s[:2], s[2:]
	}
	m, err1 := strconv.Atoi(a)
	d, err2 := strconv.Atoi(b)
	return m, d, err1 == nil && err2 == nil
}

// agreementRow reads a row of agreements: a household's dividend agreement
// with an entity (replacing the one stored).
func (im *importer) agreementRow() func() error {
	ent, hh, village, ok := im.entityHousehold()
	a := Agreement{EntityID: ent, HouseholdID: hh, Region: village, Signed: im.date("签订日期", true)}
	if s := im.cell("分红比例（‰）"); s != "" {
		n, err := strconv.ParseInt(strings.TrimSuffix(s, "‰"), 10, 64)
		if err != nil || n <= 0 || n > 1000 {
			im.issue("分红比例（‰）", "分红比例应为1到1000的整数（‰）")
			return nil
		}
		a.RatePermille = n
	}
	if s := im.cell("固定分红金额（元）"); s != "" {
		var fok bool
		if a.FixedFen, fok = im.yuan("固定分红金额（元）"); !fok {
			return nil
		}
	}
	var mdOK bool
	if a.DueMonth, a.DueDay, mdOK = parseMonthDay(im.cell("约定兑付日")); !mdOK {
		im.issue("约定兑付日", "约定兑付日应为月-日，如12-31")
		return nil
	}
	if a.Signed == 0 {
		return nil
	}
	im.fieldIssues(a.Check(), map[string]string{"rate": "分红比例（‰）", "due": "约定兑付日", "signed": "签订日期"}, "户编号")
	if !ok || a.Check() != nil || !im.once(fmt.Sprint(ent, hh), "户编号") {
		return nil
	}
	return func() error {
		_, err := im.tx.ExecContext(im.ctx, `INSERT INTO entity_agreements (entity_id, household_id, region_code, county,
			rate_permille, fixed_fen, due_month, due_day, signed, created_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (entity_id, household_id, county) DO UPDATE SET rate_permille = excluded.rate_permille, fixed_fen = excluded.fixed_fen,
			due_month = excluded.due_month, due_day = excluded.due_day, signed = excluded.signed, updated_by = excluded.updated_by`,
			ent, hh, village, region.County(village), nullPositive(a.RatePermille), nullPositive(a.FixedFen), a.DueMonth, a.DueDay, a.Signed.String(), im.now, im.by)
		if err != nil {
			return fmt.Errorf("entity: save agreement: %w", err)
		}
		return nil
	}
}

// nullPositive is n, or NULL when n is 0.
func nullPositive(n int64) any {
	if n <= 0 {
		return nil
	}
	return n
}

// payoutRow reads a row of payouts: an agreement's dividend for a year
// (replacing the one stored; a payout marked paid stays paid when the row
// gives no 兑付日期). A blank amount is the agreement's (Agreement.Amount
// on the household's shares paid in by the due date), a blank due date
// the agreement's day of the year.
func (im *importer) payoutRow() func() error {
	ent, hh, village, ok := im.entityHousehold()
	year, err := strconv.Atoi(im.cell("年度"))
	if err != nil || year < 2000 || year > 2100 {
		im.issue("年度", "年度应为四位数年份")
		return nil
	}
	p := Payout{EntityID: ent, HouseholdID: hh, Region: village, Year: year, Due: im.date("应兑付日期", false),
		Paid: im.date("兑付日期", false), Evidence: strings.TrimSpace(im.cell("兑付凭证"))}
	fen, fok := im.yuan("分红金额（元）")
	if !ok {
		return nil
	}
	var a Agreement
	var rate, fixed sql.NullInt64
	err = im.tx.QueryRowContext(im.ctx, `SELECT id, rate_permille, fixed_fen, due_month, due_day FROM entity_agreements
		WHERE entity_id = ? AND household_id = ?`, ent, hh).Scan(&a.ID, &rate, &fixed, &a.DueMonth, &a.DueDay)
	if err != nil {
		im.issue("户编号", "该农户与此经营主体没有分红协议，请先导入分红协议")
		return nil
	}
	a.RatePermille, a.FixedFen, p.AgreementID = rate.Int64, fixed.Int64, a.ID
	if p.Due == 0 {
		p.Due = a.DueOn(year)
	}
	if p.Paid != 0 && p.Evidence == "" {
		im.issue("兑付凭证", "已兑付的须填写兑付凭证")
	}
	if p.Paid != 0 && p.Paid > im.today {
		im.issue("兑付日期", "兑付日期不能晚于今天")
	}
	p.AmountFen = fen
	if !fok && im.cell("分红金额（元）") == "" {
		var shares int64
		if err := im.tx.QueryRowContext(im.ctx, `SELECT coalesce(CAST(sum(amount_fen) AS BIGINT), 0) FROM entity_shares
			WHERE entity_id = ? AND household_id = ? AND day <= ?`, ent, hh, p.Due.String()).Scan(&shares); err != nil {
			return func() error { return fmt.Errorf("entity: shares: %w", err) }
		}
		p.AmountFen = a.Amount(shares)
	}
	if !im.once(fmt.Sprint(a.ID, year), "年度") {
		return nil
	}
	return func() error { return im.savePayout(p) }
}

// savePayout inserts or replaces p (keeping a paid day stored when p has
// none); p.Region is its household's village, read with the household.
func (im *importer) savePayout(p Payout) error {
	var paid any
	if p.Paid != 0 {
		paid = p.Paid.String()
	}
	_, err := im.tx.ExecContext(im.ctx, `INSERT INTO entity_payouts (agreement_id, entity_id, household_id, region_code, county,
		year, amount_fen, due, paid, evidence, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (agreement_id, year, county) DO UPDATE SET amount_fen = excluded.amount_fen, due = excluded.due,
		paid = coalesce(excluded.paid, entity_payouts.paid),
		evidence = CASE WHEN excluded.paid IS NULL THEN entity_payouts.evidence ELSE excluded.evidence END,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		p.AgreementID, p.EntityID, p.HouseholdID, p.Region, region.County(p.Region), p.Year, p.AmountFen, p.Due.String(), paid, p.Evidence, im.now, im.by, im.now)
	if err != nil {
		return fmt.Errorf("entity: save payout: %w", err)
	}
	return nil
}
