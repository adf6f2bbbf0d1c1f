package web

// sectorsMessages are the strings of the sector pages (sectors.go) and the
// dashboard's 三保障 panel.
var sectorsMessages = map[string][2]string{
	"menu.sectors":       {"三保障", "Guarantees"},
	"sectors.title":      {"三保障", "Education, health care, housing, work"},
	"sectors.intro":      {"部门数据中本年1月1日至所选日期的记录，计入所选日期为本区划农户成员的人员（口径见统计口径说明）。点击指标查看名单。", "Department records from 1 January to the chosen day, of the persons who were members of a household of the region on that day (see the figure definitions). Choose a figure to see its list."},
	"sectors.figures":    {"各项指标", "Figures"},
	"sectors.figure":     {"指标", "Figure"},
	"sectors.value":      {"数值", "Value"},
	"sectors.unit":       {"单位", "Unit"},
	"sectors.list":       {"名单", "List"},
	"sectors.list_of":    {"%s：名单", "%s: list"},
	"sectors.total":      {"共 %d 条", "%d entries"},
	"sectors.unlisted":   {"此项指标暂无名单（其计算尚未记录所计人员）。", "This figure has no list yet (its computation does not record whom it counts)."},
	"sectors.whole":      {"饮水安全指标按供水工程、水样和问题统计，不对应人员或农户名单（见饮水安全页面）。", "The water figures count schemes, samples and problems, not persons or households: they have no list (see the drinking water pages)."},
	"sectors.empty":      {"没有计入此项指标的人员或农户。", "Nobody is counted in this figure."},
	"sectors.id":         {"证件号码", "ID number"},
	"sectors.name":       {"姓名", "Name"},
	"sectors.head":       {"户主（或所列成员）", "Head (or the member named)"},
	"sectors.choose":     {"请选择区划。", "Choose a region."},
	"dash.sectors":       {"三保障", "Education, health care, housing, work"},
	"dash.sectors_more":  {"三保障名单", "Lists behind these figures"},
	"dash.sectors_chart": {"三保障（人、户、人次）", "Guarantees (persons, households, person-times)"},
}
