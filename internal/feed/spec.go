package feed

// cellType says how a cell is read and what it becomes in the database.
type cellType int

const (
	tText     cellType = iota // text, required
	tTextOpt                  // text, may be blank
	tMoney                    // 元 → fen, required
	tMoneyOpt                 // 元 → fen, blank is 0
	tDate                     // date, required, not after today
	tDateAny                  // date, required, may lie ahead (start of a period)
	tDateOpt                  // date or blank (NULL), may lie ahead
	tEnum                     // one of the column's values
	tEnumOpt                  // one of the column's values, or blank ("")
	tYear                     // a year 2000–2100
	tMonths                   // whole months 0–12
)

// column is one column of a feed after the ID number.
type column struct {
	name     string         // header as in docs/formats.md
	field    string         // database column
	typ      cellType       //
	enum     map[string]any // tEnum: accepted cell → stored value
	hint     string         // tEnum: the accepted values, for messages
	optional bool           // the column may be missing from the file
}

// spec is the layout of one kind of feed.
type spec struct {
	idName    string   // the ID number column: 身份证号, or 户主身份证号 for household feeds
	idAliases []string // other names seen for it
	cols      []column
	// check is a rule across columns of a valid row; it returns the index in
	// cols of the column to blame and the problem, or nil.
	check func(v []any) (int, error)
}

var personID = []string{"证件号码", "身份证号码", "公民身份号码"}
var headID = []string{"户主证件号码", "户主身份证号码"}

var specs = map[Kind]*spec{
	Medical: {idName: "身份证号", idAliases: personID, check: checkMedical, cols: []column{
		{name: "结算日期", field: "settled", typ: tDate},
		{name: "医疗总费用", field: "total_fen", typ: tMoney},
		{name: "基本医保报销", field: "basic_fen", typ: tMoneyOpt},
		{name: "大病保险报销", field: "serious_fen", typ: tMoneyOpt},
		{name: "医疗救助", field: "assist_fen", typ: tMoneyOpt},
		{name: "个人自付", field: "oop_fen", typ: tMoney},
		{name: "疾病名称", field: "disease", typ: tTextOpt, optional: true},
	}},
	Education: {idName: "身份证号", idAliases: personID, cols: []column{
		{name: "学段", field: "stage", typ: tText},
		{name: "在校状态", field: "status", typ: tEnum, enum: schoolStatus, hint: "在校、辍学"},
		{name: "资助项目", field: "aid_item", typ: tTextOpt},
		{name: "资助金额", field: "aid_fen", typ: tMoneyOpt},
		{name: "日期", field: "day", typ: tDate},
	}},
	Civil: {idName: "身份证号", idAliases: personID, check: checkCivil, cols: []column{
		{name: "救助类型", field: "aid_type", typ: tEnum, enum: aidTypes, hint: "低保、特困、临时救助"},
		{name: "金额", field: "amount_fen", typ: tMoney},
		{name: "开始日期", field: "start_day", typ: tDateAny},
		{name: "结束日期", field: "end_day", typ: tDateOpt},
		{name: "供养方式", field: "support", typ: tEnumOpt, enum: supportModes, hint: "集中供养、分散供养", optional: true},
	}},
	Disability: {idName: "身份证号", idAliases: personID, cols: []column{
		{name: "残疾类别", field: "category", typ: tText},
		{name: "残疾等级", field: "grade", typ: tEnum, enum: disabilityGrades, hint: "一级、二级、三级、四级（或 1–4）"},
		{name: "发证日期", field: "issued", typ: tDate},
	}},
	Housing: {idName: "户主身份证号", idAliases: headID, cols: []column{
		{name: "鉴定等级", field: "grade", typ: tEnum, enum: houseGrades, hint: "A、B、C、D"},
		{name: "鉴定日期", field: "assessed", typ: tDate},
	}},
	Disaster: {idName: "户主身份证号", idAliases: headID, cols: []column{
		{name: "灾种", field: "hazard", typ: tText},
		{name: "损失金额", field: "loss_fen", typ: tMoney},
		{name: "日期", field: "day", typ: tDate},
	}},
	Employment: {idName: "身份证号", idAliases: personID, cols: []column{
		{name: "就业状态", field: "status", typ: tEnum, enum: workStatus, hint: "务工、失业"},
		{name: "务工地点", field: "place", typ: tTextOpt},
		{name: "月数", field: "months", typ: tMonths},
		{name: "日期", field: "day", typ: tDate},
	}},
	Death: {idName: "身份证号", idAliases: personID, cols: []column{
		{name: "死亡日期", field: "died", typ: tDate},
	}},
	Insurance: {idName: "身份证号", idAliases: personID, cols: []column{
		{name: "参保年度", field: "year", typ: tYear},
		{name: "险种", field: "category", typ: tText},
		{name: "个人缴费", field: "contrib_fen", typ: tMoney},
		{name: "资助参保金额", field: "subsidy_fen", typ: tMoneyOpt},
		{name: "参保日期", field: "day", typ: tDate},
	}},
	Doctor: {idName: "身份证号", idAliases: personID, check: checkDoctor, cols: []column{
		{name: "签约日期", field: "signed", typ: tDate},
		{name: "签约团队", field: "team", typ: tText},
		{name: "到期日期", field: "end_day", typ: tDateOpt, optional: true},
	}},
}

var schoolStatus = map[string]any{"在校": "在校", "辍学": "辍学"}

var aidTypes = map[string]any{
	"低保": "低保", "最低生活保障": "低保", "特困": "特困", "特困供养": "特困", "临时救助": "临时救助",
}

var supportModes = map[string]any{"集中供养": "集中供养", "集中": "集中供养", "分散供养": "分散供养", "分散": "分散供养"}

var disabilityGrades = map[string]any{
	"一级": int64(1), "二级": int64(2), "三级": int64(3), "四级": int64(4),
	"1": int64(1), "2": int64(2), "3": int64(3), "4": int64(4),
	"1级": int64(1), "2级": int64(2), "3级": int64(3), "4级": int64(4),
}

var houseGrades = map[string]any{
	"A": "A", "B": "B", "C": "C", "D": "D", "a": "A", "b": "B", "c": "C", "d": "D",
	"A级": "A", "B级": "B", "C级": "C", "D级": "D",
}

var workStatus = map[string]any{"务工": "务工", "失业": "失业"}
