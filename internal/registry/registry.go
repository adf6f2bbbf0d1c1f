// Package registry keeps the rural households and persons: their national
// code-list fields, incomes, monitoring state and its history; it imports and
// validates the national household template and answers scoped queries.
package registry

import "time"

// Household is one registered household (户).
type Household struct {
	ID              int64
	Code            string // 户编号
	RegionCode      string // village code
	Type            string // 脱贫户 / 一般农户
	PhoneMasked     string
	Category        string // 监测对象类别, "" when never monitored
	IdentifiedMonth int    // YYYYMM, 0 when never identified
	Eliminated      bool
	EliminationMode string
	EliminatedMonth int // YYYYMM of the last elimination, 0 when none
	RemarkedMonth   int // YYYYMM of the last re-marking, 0 when none
	Risks           []string
	Members         int
	IncomeFen       *int64 // 人均纯收入 of IncomeYear, in fen
	IncomeYear      int
	UpdatedAt       string
}

// Monitored reports whether the household is under monitoring now.
func (h Household) Monitored() bool {
	return h.Category != "" && h.IdentifiedMonth != 0 && !h.Eliminated
}

// Person is one member of a household (家庭成员).
type Person struct {
	ID          int64
	HouseholdID int64
	RegionCode  string
	IDMasked    string
	Name        string
	Sex         string
	BirthDate   string // YYYY-MM-DD
	Relation    string
	Ethnicity   string
	Education   string
	Schooling   string
	Health      []string
	LabourSkill string
	WorkMonths  *int
	WorkPlace   string
	PhoneMasked string
	Dibao       *bool
	Tekun       *bool
	Insured     *bool
	Active      bool
}

// timeNow is the clock of ID-number checks in queries (a variable for tests).
var timeNow = time.Now
