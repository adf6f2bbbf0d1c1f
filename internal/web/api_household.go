package web

import (
	"net/http"

	"fangpin/internal/money"
	"fangpin/internal/region"
	"fangpin/internal/registry"
)

// householdJSON is one household in API replies. ID and phone numbers are
// masked; months are YYYY-MM ("" when unset); money is integer fen.
type householdJSON struct {
	Code            string       `json:"code"`
	RegionCode      string       `json:"region_code"`
	RegionName      string       `json:"region_name"`
	Type            string       `json:"type"`
	Phone           string       `json:"phone"`
	Monitored       bool         `json:"monitored"`
	Category        string       `json:"category"`
	IdentifiedMonth string       `json:"identified_month"`
	Eliminated      bool         `json:"eliminated"`
	EliminationMode string       `json:"elimination_mode"`
	EliminatedMonth string       `json:"eliminated_month"`
	RemarkedMonth   string       `json:"remarked_month"`
	RiskTypes       []string     `json:"risk_types"`
	Income          *incomeJSON  `json:"income"`
	UpdatedAt       string       `json:"updated_at"`
	Members         []memberJSON `json:"members"`
}

// incomeJSON is the latest per-capita net income (人均纯收入).
type incomeJSON struct {
	Year         int    `json:"year"`
	PerCapitaFen int64  `json:"per_capita_fen"`
	PerCapita    string `json:"per_capita_yuan"`
}

// memberJSON is one current member; id_number is masked.
type memberJSON struct {
	PersonID    int64    `json:"person_id"` // for the reveal route
	Name        string   `json:"name"`
	Relation    string   `json:"relation"`
	IDNumber    string   `json:"id_number"`
	Sex         string   `json:"sex"`
	BirthDate   string   `json:"birth_date"`
	Ethnicity   string   `json:"ethnicity"`
	Education   string   `json:"education"`
	Schooling   string   `json:"schooling"`
	Health      []string `json:"health"`
	LabourSkill string   `json:"labour_skill"`
	WorkMonths  *int     `json:"work_months"`
	WorkPlace   string   `json:"work_place"`
	Phone       string   `json:"phone"`
	Dibao       *bool    `json:"dibao"`
	Tekun       *bool    `json:"tekun"`
	Insured     *bool    `json:"medical_insured"`
}

// apiHousehold serves GET /api/v1/households/{code}.
func (s *Server) apiHousehold(w http.ResponseWriter, r *http.Request) {
	ctx, scope := r.Context(), s.scope(r)
	h, members, err := registry.FindHousehold(ctx, s.cfg.DB.Reader(), scope, r.PathValue("code"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	reg, err := region.Find(ctx, s.cfg.DB.Reader(), h.RegionCode)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newHouseholdJSON(h, reg.Name, members))
}

func newHouseholdJSON(h *registry.Household, regionName string, members []registry.Person) householdJSON {
	out := householdJSON{Code: h.Code, RegionCode: h.RegionCode, RegionName: regionName, Type: h.Type,
		Phone: h.PhoneMasked, Monitored: h.Monitored(), Category: h.Category,
		IdentifiedMonth: isoMonth(h.IdentifiedMonth), Eliminated: h.Eliminated, EliminationMode: h.EliminationMode,
		EliminatedMonth: isoMonth(h.EliminatedMonth), RemarkedMonth: isoMonth(h.RemarkedMonth),
		RiskTypes: nonNil(h.Risks), UpdatedAt: h.UpdatedAt, Members: make([]memberJSON, 0, len(members))}
	if h.IncomeFen != nil {
		out.Income = &incomeJSON{Year: h.IncomeYear, PerCapitaFen: *h.IncomeFen, PerCapita: money.Format(*h.IncomeFen)}
	}
	for _, p := range members {
		out.Members = append(out.Members, memberJSON{PersonID: p.ID, Name: p.Name, Relation: p.Relation, IDNumber: p.IDMasked,
			Sex: p.Sex, BirthDate: p.BirthDate, Ethnicity: p.Ethnicity, Education: p.Education,
			Schooling: p.Schooling, Health: nonNil(p.Health), LabourSkill: p.LabourSkill, WorkMonths: p.WorkMonths,
			WorkPlace: p.WorkPlace, Phone: p.PhoneMasked, Dibao: p.Dibao, Tekun: p.Tekun, Insured: p.Insured})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
