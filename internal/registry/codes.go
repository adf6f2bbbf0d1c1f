package registry

import "strings"

// Household types (户类型).
const (
	TypeFormerlyPoor = "脱贫户"
	TypeOrdinary     = "一般农户"
)

// Monitoring categories (监测对象类别).
const (
	CategoryUnstable = "脱贫不稳定户"
	CategoryMarginal = "边缘易致贫户"
	CategorySudden   = "突发严重困难户"
)

// RiskTypes lists the national risk types (致贫/返贫风险) in the national order.
var RiskTypes = []string{"因病", "因残", "因学", "因自然灾害", "因意外事故", "因产业失败", "因务工就业不稳", "因缺劳动力", "其他"}

// Categories lists the monitoring categories in the national order.
var Categories = []string{CategoryUnstable, CategoryMarginal, CategorySudden}

// Health states (健康状况); several may apply, except 健康.
const (
	HealthHealthy  = "健康"
	HealthChronic  = "长期慢性病"
	HealthMajor    = "患有大病"
	HealthDisabled = "残疾"
)

// Educations are the 文化程度 of the national code list.
var Educations = []string{"文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上"}

// HeadRelation is the normalised relation of the head of household.
const HeadRelation = "户主"

// set is a small string set for code lists.
type set map[string]bool

func newSet(vals ...string) set {
	s := make(set, len(vals))
	for _, v := range vals {
		s[v] = true
	}
	return s
}

var (
	householdTypes = newSet(TypeFormerlyPoor, TypeOrdinary)
	categories     = newSet(Categories...)
	healthStates   = newSet(HealthHealthy, HealthChronic, HealthMajor, HealthDisabled)
	labourSkills   = newSet("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力")
	relations      = newSet(HeadRelation, "配偶", "之子", "之女", "之儿媳", "之女婿", "之孙子", "之孙女",
		"之外孙子", "之外孙女", "之父", "之母", "之岳父", "之岳母", "之公公", "之婆婆", "之祖父", "之祖母",
		"之外祖父", "之外祖母", "之兄弟姐妹", "其他")
	educations = newSet(Educations...)
	schoolings = newSet("学龄前儿童", "学前教育", "小学", "七年级", "八年级", "九年级",
		"普通高中一年级", "普通高中二年级", "普通高中三年级",
		"中职一年级", "中职二年级", "中职三年级",
		"高职一年级", "高职二年级", "高职三年级",
		"大专", "本科", "硕士研究生及以上")
	eliminationModes = newSet("帮扶消除", "自然消除")
	riskTypes        = newSet(RiskTypes...)
	yesNo            = map[string]bool{"是": true, "否": false}
	ethnicities      = newSet("汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
		"满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族",
		"畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族",
		"仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族",
		"怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
		"独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族", "其他", "外国血统中国籍人士")
)

// normRelation maps the spellings of the head's relation found in national
// exports (户主(本人), 本人) to 户主.
func normRelation(s string) string {
	switch s {
	case "户主(本人)", "户主（本人）", "本人":
		return HeadRelation
	}
	return s
}

// normRisk accepts a risk type with a sub-type in brackets, as the national
// system writes natural disasters: 因自然灾害（旱灾） or 因自然灾害(洪涝).
// It returns the value to store (with half-width brackets) and the base type.
func normRisk(s string) (stored, base string) {
	s = strings.NewReplacer("（", "(", "）", ")").Replace(s)
	base = s
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		base = s[:i]
	}
	return s, base
}

// splitList splits a multi-valued cell on , ， 、 and ;.
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；'
	})
	out := f[:0]
	for _, v := range f {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
