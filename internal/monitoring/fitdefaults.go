package monitoring

// The policy basis of the national rules, one sentence each.
const (
	BasisDevelopment = "依据防止返贫动态监测和帮扶机制，对有劳动能力的监测对象坚持开发式帮扶，" +
		"识别后一个月内落实产业、就业、金融或公益岗位等开发式帮扶措施。"
	BasisSafetyNet = "依据防止返贫动态监测和帮扶机制，对整户无劳动能力的监测对象强化综合保障，" +
		"符合条件的纳入低保或特困供养，做到应保尽保、应兜尽兜。"
	BasisOther = "风险类型为“其他”时没有对应表，任何一项已实施的帮扶措施均视为针对该风险。"
)

// The basis of each risk type's default rows.
var riskBasis = map[string]string{
	"因病": "因病风险户落实基本医保、大病保险、医疗救助三重保障，家庭医生签约服务，" +
		"必要时给予临时救助，参加防贫保险的及时理赔。",
	"因残":      "因残风险户落实困难残疾人生活补贴和重度残疾人护理补贴，有劳动能力的优先安排就业或公益岗位。",
	"因学":      "因学风险户落实各学段学生资助政策，义务教育阶段控辍保学，防止因学返贫致贫。",
	"因自然灾害":   "受灾户先行给予临时救助，落实住房安全保障和灾后生产恢复，参加防贫保险的及时理赔。",
	"因意外事故":   "遭遇意外事故的家庭先行给予临时救助，参加防贫保险的及时理赔，动员社会力量帮扶。",
	"因产业失败":   "产业失败户通过产业帮扶、小额信贷和就业帮扶恢复生产、稳定增收。",
	"因务工就业不稳": "务工就业不稳户通过就业帮扶稳岗拓岗、技能培训，就业困难的以公益岗位托底安置。",
	"因缺劳动力":   "缺劳动力户符合条件的纳入低保或特困供养，或通过资产收益、社会帮扶增加收入。",
}

// defaultRows are the seeded rows of the fit table: risk type, measure type
// and sub-type ("" for any sub-type of the type).
var defaultRows = [][3]string{
	{"因病", TypeHealth, ""},
	{"因病", TypeSafetyNet, "临时救助"},
	{"因病", TypeFinance, "防贫保险"},
	{"因残", TypeSafetyNet, "残疾人两项补贴"},
	{"因残", TypeHealth, "家庭医生签约"},
	{"因残", TypeEmployment, ""},
	{"因残", TypePublicJob, ""},
	{"因学", TypeCompulsory, ""},
	{"因学", TypeEducation, ""},
	{"因自然灾害", TypeSafetyNet, "临时救助"},
	{"因自然灾害", TypeHousing, ""},
	{"因自然灾害", TypeConditions, ""},
	{"因自然灾害", TypeFinance, "防贫保险"},
	{"因意外事故", TypeSafetyNet, "临时救助"},
	{"因意外事故", TypeFinance, "防贫保险"},
	{"因意外事故", TypeSocial, ""},
	{"因产业失败", TypeIndustry, ""},
	{"因产业失败", TypeFinance, ""},
	{"因产业失败", TypeEmployment, ""},
	{"因务工就业不稳", TypeEmployment, ""},
	{"因务工就业不稳", TypePublicJob, ""},
	{"因缺劳动力", TypeSafetyNet, SubDibao},
	{"因缺劳动力", TypeSafetyNet, SubTekun},
	{"因缺劳动力", TypeIndustry, "资产收益"},
	{"因缺劳动力", TypeSocial, ""},
}

// DefaultFitRules returns the seeded fit table.
func DefaultFitRules() []FitRule {
	out := make([]FitRule, len(defaultRows))
	for i, r := range defaultRows {
		out[i] = FitRule{RiskType: r[0], MeasureType: r[1], MeasureSubtype: r[2], Basis: riskBasis[r[0]], Source: "seed"}
	}
	return out
}
