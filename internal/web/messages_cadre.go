package web

// cadreMessages are the strings of the case's contact, the registration of
// a reported family, the user management and administration pages.
var cadreMessages = map[string][2]string{
	"case.notice_over":     {"公示期满，请录入公示结果", "Notice period over: record its result"},
	"contact.title":        {"报告人与联系方式", "Reporter and contact"},
	"contact.name":         {"报告人", "Reported by"},
	"contact.phone":        {"联系电话", "Phone"},
	"contact.id":           {"身份证号码", "ID number"},
	"contact.household":    {"农户档案", "Household record"},
	"contact.unregistered": {"未登记（身份证号码不在农户信息库中）", "Not registered (the ID number is not in the registry)"},
	"register.title":       {"登记为新农户", "Register as a new household"},
	"register.hint":        {"按报告所填信息登记户主，登记后本案件关联到新农户；其他家庭成员在农户页面或批量导入中补充。", "The head is registered as reported and the case is linked to the new household; add the other members on the household page or by import."},
	"register.code":        {"户编号", "Household code"},
	"register.code_hint":   {"按本地编码规则填写，不含空格，最多40个字符", "As your local numbering rule: no spaces, at most 40 characters"},
	"register.type":        {"户类型", "Household type"},
	"register.health":      {"户主健康状况", "Head's health"},
	"register.education":   {"户主文化程度", "Head's education"},
	"register.submit":      {"登记并关联案件", "Register and link the case"},
}
