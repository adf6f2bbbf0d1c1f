package visit

import (
	"time"

	"fangpin/internal/incomeline"
)

// condition is the SQL condition on the household h that puts it in group
// g as of asOf, with its arguments. Each is one set-based query over a
// region's households (a few correlated subqueries on indexed household
// ids), never a query per household.
func condition(g Group, asOf time.Time) (string, []any) {
	today := dayInt(asOf)
	since := func() int { return dayInt(asOf.AddDate(0, -g.Param("recent_months"), 0)) }
	switch g.Code {
	case GroupLowIncome:
		return lowIncome, []any{asOf.In(chinaTime).Year(), g.Param("line_pct"), incomeline.DefaultFen, 100 - g.Param("drop_pct")}
	case GroupIllness:
		return member + `(p.ill_major = 1 OR p.ill_chronic = 1))`, nil
	case GroupTekunAlone:
		return `(SELECT count(*) FROM persons p WHERE p.household_id = h.id AND p.active = 1) = 1 AND ` +
			member + `p.tekun = 1)`, nil
	case GroupDibao:
		return member + `p.dibao = 1)`, nil
	case GroupDisability:
		return `h.id IN (SELECT p.household_id FROM feed_disability d JOIN persons p ON p.id = d.person_id
			WHERE p.active = 1 AND (d.grade <= ? OR d.issued > ? AND d.issued <= ?))
			OR ` + member + `p.disabled = 1 AND p.id NOT IN (SELECT d.person_id FROM feed_disability d
			WHERE d.person_id IS NOT NULL))`, []any{g.Param("max_grade"), since(), today}
	case GroupSchooling:
		return `(SELECT count(*) FROM persons p WHERE p.household_id = h.id AND p.active = 1 AND p.schooling <> ''
			AND p.schooling <> '学龄前儿童') >= ?`, []any{g.Param("min_children")}
	case GroupMigrant:
		return member + `p.work_months >= ? AND p.work_months <= ?)
			OR h.id IN (SELECT p.household_id FROM feed_employment e JOIN persons p ON p.id = e.person_id
			WHERE p.active = 1 AND e.status = '失业' AND e.day > ? AND e.day <= ?)`,
			[]any{g.Param("min_months"), g.Param("max_months"), since(), today}
	case GroupEvent:
		return `h.id IN (SELECT p.household_id FROM feed_disaster d JOIN persons p ON p.id = d.person_id
			WHERE d.day > ? AND d.day <= ?)
			OR h.id IN (SELECT p.household_id FROM feed_death d JOIN persons p ON p.id = d.person_id
			WHERE d.died > ? AND d.died <= ?)`, []any{since(), today, since(), today}
	case GroupWarning:
		return `h.id IN (SELECT w.household_id FROM warnings w WHERE w.status = 'open')`, nil
	case GroupMonitored:
		return `h.identified_month IS NOT NULL AND h.eliminated = 0 AND h.category <> ''`, nil
	}
	return "1 = 0", nil
}

// member opens "a current member of h such that …)".
const member = `EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.active = 1 AND `

// lowIncome: the latest 人均纯收入 of a year up to as_of's is below the
// monitoring range of that year × line_pct %, or fell by more than drop_pct
// % from the year before. The range is incomeline.Lookup's: the most
// specific of the province, city, county, township and village lines, else
// the default.
const lowIncome = `EXISTS (SELECT 1 FROM household_incomes i
	LEFT JOIN household_incomes prev ON prev.household_id = i.household_id AND prev.year = i.year - 1
	WHERE i.household_id = h.id
	AND i.year = (SELECT max(x.year) FROM household_incomes x WHERE x.household_id = h.id AND x.year <= ?)
	AND (i.per_capita_fen * 100 < ? * COALESCE((SELECT m.fen FROM monitoring_ranges m WHERE m.year = i.year
			AND m.region_code IN (substr(h.region_code, 1, 2) || '0000000000', substr(h.region_code, 1, 4) || '00000000',
				substr(h.region_code, 1, 6) || '000000', substr(h.region_code, 1, 9) || '000', h.region_code)
			ORDER BY length(rtrim(m.region_code, '0')) DESC LIMIT 1), ?)
		OR prev.per_capita_fen > 0 AND i.per_capita_fen * 100 < prev.per_capita_fen * ?))`
