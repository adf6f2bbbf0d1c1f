package monitoring

// MeasureType is one type of the national catalogue of assistance measures
// (帮扶措施) with its sub-types.
type MeasureType struct {
	Name     string
	Subtypes []string
	// Development marks 开发式帮扶: the types a household with labour must
	// receive within a month of identification.
	Development bool
}

// The measure types named in rules.
const (
	TypeIndustry    = "产业帮扶"
	TypeEmployment  = "就业帮扶"
	TypeFinance     = "金融帮扶"
	TypePublicJob   = "公益岗位帮扶"
	TypeHealth      = "健康帮扶"
	TypeCompulsory  = "义务教育"
	TypeEducation   = "其他教育"
	TypeSafetyNet   = "综合保障"
	TypeHousing     = "住房安全"
	TypeWater       = "饮水安全"
	TypeSocial      = "社会帮扶"
	TypeRelocation  = "易地搬迁"
	TypeConditions  = "生产生活条件"
	TypeInfrastruct = "基础设施"
)

// The 兜底 sub-types of 综合保障.
const (
	SubDibao = "纳入低保"
	SubTekun = "纳入特困供养"
)

// catalogue is the national catalogue as the 全国防止返贫监测信息系统 lists
// it, in its order.
var catalogue = []MeasureType{
	{TypeIndustry, []string{"种植业", "养殖业", "加工业", "休闲农业和乡村旅游", "光伏", "电商", "资产收益", "其他"}, true},
	{TypeEmployment, []string{"务工就业", "就业技能培训", "外出务工交通补助", "以工代赈", "自主创业", "其他"}, true},
	{TypeFinance, []string{"小额信贷", "产业贷款贴息", "防贫保险", "其他"}, true},
	{TypePublicJob, []string{"乡村公益岗位", "护林员等生态岗位", "其他"}, true},
	{TypeHealth, []string{"参保资助", "医疗救助", "大病保险倾斜", "家庭医生签约", "慢病签约服务", "先诊疗后付费", "其他"}, false},
	{TypeCompulsory, []string{"控辍保学", "营养改善计划", "寄宿生生活补助", "送教上门", "其他"}, false},
	{TypeEducation, []string{"学前教育资助", "普通高中资助", "中职资助", "雨露计划", "大学生资助", "生源地助学贷款", "其他"}, false},
	{TypeSafetyNet, []string{SubDibao, SubTekun, "临时救助", "残疾人两项补贴", "养老保险代缴", "其他"}, false},
	{TypeHousing, []string{"危房改造", "农房抗震改造", "其他"}, false},
	{TypeWater, []string{"供水工程新建或改造", "水质提升", "其他"}, false},
	{TypeSocial, []string{"东西部协作", "定点帮扶", "消费帮扶", "社会组织帮扶", "其他"}, false},
	{TypeRelocation, []string{"集中安置", "分散安置", "后续扶持"}, false},
	{TypeConditions, []string{"改厨改厕", "农机具或生产设施", "其他"}, false},
	{TypeInfrastruct, []string{"道路", "电力", "通信网络", "其他"}, false},
}

// continuing lists the sub-types that go on after the household leaves
// monitoring (稳定帮扶政策): small loans to their term, public-welfare
// jobs to the end of the contract, education aid to the end of the school
// stage. Every 公益岗位帮扶 sub-type continues as well.
var continuing = map[string]bool{
	"小额信贷": true, "产业贷款贴息": true,
	"营养改善计划": true, "寄宿生生活补助": true,
	"学前教育资助": true, "普通高中资助": true, "中职资助": true, "雨露计划": true, "大学生资助": true, "生源地助学贷款": true,
}

// Catalogue returns the measure types with their sub-types, in the national
// order. The slices are copies: callers may keep them.
func Catalogue() []MeasureType {
	out := make([]MeasureType, len(catalogue))
	for i, t := range catalogue {
		out[i] = MeasureType{Name: t.Name, Subtypes: append([]string(nil), t.Subtypes...), Development: t.Development}
	}
	return out
}

// FindType returns the catalogue entry of a type name.
func FindType(name string) (MeasureType, bool) {
	for _, t := range catalogue {
		if t.Name == name {
			return t, true
		}
	}
	return MeasureType{}, false
}

// ValidSubtype reports whether sub is one of the type's sub-types.
func (t MeasureType) ValidSubtype(sub string) bool {
	for _, s := range t.Subtypes {
		if s == sub {
			return true
		}
	}
	return false
}

// IsDevelopment reports whether a measure type is 开发式帮扶 (产业, 就业,
// 金融, 公益岗位).
func IsDevelopment(typ string) bool {
	t, ok := FindType(typ)
	return ok && t.Development
}

// ContinuesAfterExit is the default of Measure.ContinuesAfterExit for a
// sub-type.
func ContinuesAfterExit(typ, sub string) bool {
	return typ == TypePublicJob || continuing[sub]
}

// IsSafetyNet reports whether a measure is 兜底保障 (纳入低保 or 纳入特困供养).
func IsSafetyNet(typ, sub string) bool {
	return typ == TypeSafetyNet && (sub == SubDibao || sub == SubTekun)
}
