package registry

import "fangpin/internal/tabular"

// colID numbers the template columns so a row's cells are read once into an
// array instead of looked up by name for every rule.
type colID int

const (
	kRegionCode colID = iota
	kProvince
	kCity
	kCounty
	kTownship
	kVillage
	kCode
	kType
	kName
	kID
	kSex
	kRelation
	kEthnicity
	kEducation
	kSchooling
	kHealth
	kSkill
	kWorkMonths
	kWorkPlace
	kHHPhone
	kPhone
	kDibao
	kTekun
	kInsured
	kIncome
	kIncomeYear
	kCategory
	kIdentified
	kEliminated
	kElimMode
	kElimMonth
	kRemarked
	kRisk1
	kRisk2
	kRisk3
	kRisk4
	kRisk5
	numCols
)

// colNames are the column names by colID.
var colNames = [numCols]string{ColRegionCode, ColProvince, ColCity, ColCounty, ColTownship, ColVillage, ColCode, ColType, ColName, ColID, ColSex, ColRelation, ColEthnicity, ColEducation, ColSchooling, ColHealth, ColSkill, ColWorkMonths, ColWorkPlace, ColHHPhone, ColPhone, ColDibao, ColTekun, ColInsured, ColIncome, ColIncomeYear, ColCategory, ColIdentified, ColEliminated, ColElimMode, ColElimMonth, ColRemarked, "致贫/返贫风险1", "致贫/返贫风险2", "致贫/返贫风险3", "致贫/返贫风险4", "致贫/返贫风险5"}

// positions returns each column's position in the file (-1 when absent).
func (l *layout) positions() [numCols]int {
	var at [numCols]int
	for id, name := range colNames {
		at[id] = l.col(name)
	}
	return at
}

// fill reads the cells of one row into v, trimmed.
func (l *layout) fill(rec []string, v *[numCols]string) {
	for id, pos := range l.at {
		v[id] = tabular.Cell(rec, pos)
	}
}

// householdLevel reports whether a column describes the household, so that
// every row of a household must agree on it.
func householdLevel(k colID) bool {
	switch k {
	case kRegionCode, kProvince, kCity, kCounty, kTownship, kVillage, kType, kHHPhone, kIncome, kIncomeYear,
		kCategory, kIdentified, kEliminated, kElimMode, kElimMonth, kRemarked, kRisk1, kRisk2, kRisk3, kRisk4, kRisk5:
		return true
	}
	return false
}
