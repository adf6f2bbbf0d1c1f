package web

// reportsMessages are the strings of the ledgers (台账), the one-household
// file (一户一档) and the public-notice lists (公示名单) (a part of catalogue).
var reportsMessages = map[string][2]string{
	"ledgers.title":            {"台账", "Ledgers"},
	"ledgers.nav":              {"报表", "Reports"},
	"ledgers.intro":            {"按区划和期间导出检查所需的台账：一个Excel工作簿，每本台账一个工作表，内容全部取自系统记录。", "The ledgers inspections ask for, for a region and a period: one Excel workbook with a sheet per ledger, every cell taken from the records."},
	"ledgers.from":             {"期间自", "Period from"},
	"ledgers.to":               {"至", "to"},
	"ledgers.choose":           {"确定", "Apply"},
	"ledgers.contents":         {"工作簿包含", "The workbook holds"},
	"ledgers.download":         {"下载台账（Excel）", "Download the ledgers (Excel)"},
	"notices.title":            {"公示名单", "Public-notice list"},
	"notices.intro":            {"乡镇或村在期间内开始公示的案件：户主、村民小组、家庭人口数、监测对象类别和拟办事项。名单不含证件号码、电话、银行账号和健康状况。", "The cases whose public notice began in the period, in a township or village: head, village group, household size, category and the step proposed. It never shows ID numbers, phones, bank accounts or health."},
	"notices.period":           {"公示开始日期", "Notice began"},
	"notices.group":            {"村民小组", "Village group"},
	"notices.group_none":       {"系统未登记", "Not held"},
	"notices.members":          {"家庭人口数", "Household size"},
	"notices.proposal":         {"拟办事项", "Proposed step"},
	"notices.enrol":            {"拟纳入监测", "To enrol in monitoring"},
	"notices.eliminate":        {"拟消除风险", "To eliminate the risk"},
	"notices.category_pending": {"待认定", "To be decided"},
	"notices.start":            {"公示开始日期", "Notice began"},
	"notices.total":            {"共 %d 户", "%d households"},
	"notices.choose_region":    {"请先选择乡镇或村。", "Choose a township or a village first."},
}
