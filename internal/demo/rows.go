package demo

import "strconv"

// Column positions in Header.
const (
	colRegion = iota
	colCode
	colType
	colName
	colID
	colSex
	colRelation
	colEthnic
	colEducation
	colSchooling
	colHealth
	colLabour
	colMonths
	colPlace
	colHouseholdPhone
	colPhone
	colDibao
	colTekun
	colInsured
	colIncome
	colIncomeYear
	colCategory
	colIdentified
	colEliminated
	colMode
	colEliminatedAt
	colRemarkedAt
	colRisk1
	numColumns = colRisk1 + 5
)

// emitRows emits one row per member, household columns repeated on each.
func (g *generator) emitRows(h *household) error {
	var shared [numColumns]string
	g.householdColumns(h, &shared)
	for i := range h.members {
		row := g.row
		if row == nil {
			row = make([]string, numColumns)
		}
		copy(row, shared[:])
		h.members[i].columns(row)
		if err := g.emit(row); err != nil {
			return err
		}
	}
	return nil
}

// householdColumns fills the columns that are equal on every row of h.
func (g *generator) householdColumns(h *household, row *[numColumns]string) {
	row[colRegion] = h.village.code
	row[colCode] = h.code
	row[colType] = "一般农户"
	if h.poor {
		row[colType] = "脱贫户"
	}
	row[colHouseholdPhone] = h.phone
	row[colDibao] = yesNo(h.dibao)
	row[colTekun] = yesNo(h.tekun)
	row[colIncome] = h.income
	row[colIncomeYear] = strconv.Itoa(g.cfg.Year - 1)
	copy(row[colRisk1:], h.risks)
	if p := h.plan; p != nil {
		row[colCategory] = p.category
		row[colIdentified] = p.ident.String()
		row[colEliminated] = yesNo(p.eliminated)
		row[colMode] = p.mode
		row[colEliminatedAt] = p.elim.String()
		row[colRemarkedAt] = p.remark.String()
	}
}

// columns fills the person's own columns.
func (p *person) columns(row []string) {
	row[colName] = p.name
	row[colID] = p.id
	row[colSex] = "女"
	if p.male {
		row[colSex] = "男"
	}
	row[colRelation] = p.relation
	row[colEthnic] = p.ethnic
	row[colEducation] = p.education
	row[colSchooling] = p.schooling
	row[colHealth] = p.health
	row[colLabour] = p.labour
	row[colMonths] = p.months
	row[colPlace] = p.place
	row[colPhone] = p.phone
	row[colInsured] = yesNo(p.insured)
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
