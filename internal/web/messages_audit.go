package web

// auditAction is one action code of the audit log and its name.
type auditAction struct {
	code string
	name [2]string // Chinese, English
}

// auditActions names every action the code base writes to the audit log,
// grouped by task in the order of the filter's list. TestAuditActionsNamed
// finds the codes in the source and fails on one missing here; the steps
// of a case (case.accept …) are named from the workflow (casework.Action)
// and need no entry.
var auditActions = []auditAction{
	{"login", [2]string{"登录", "log in"}},
	{"login_failed", [2]string{"登录失败", "failed login"}},
	{"logout", [2]string{"退出登录", "log out"}},
	{"user.create", [2]string{"新建用户", "create a user"}},
	{"user.disable", [2]string{"停用用户", "disable a user"}},
	{"user.password", [2]string{"重置密码", "reset a password"}},
	{"token.create", [2]string{"发放接口令牌", "issue an API token"}},
	{"token.revoke", [2]string{"吊销接口令牌", "revoke an API token"}},
	{"key.rotate", [2]string{"更换加密密钥", "rotate the key"}},
	{"household.import", [2]string{"导入农户档案", "import households"}},
	{"household.create", [2]string{"新建农户档案", "register a household"}},
	{"household.update", [2]string{"修改农户档案", "edit a household"}},
	{"household.view_full", [2]string{"查看完整号码（农户）", "view full numbers (household)"}},
	{"household.view_full_id", [2]string{"查看完整证件号", "view a full ID number"}},
	{"person.view_full", [2]string{"查看成员完整号码", "view a member's full numbers"}},
	{"self_report.view_full", [2]string{"查看报贫人完整号码", "view a reporter's full numbers"}},
	{"household.elimination_rollback", [2]string{"风险消除回退", "roll back an elimination"}},
	{"region.import", [2]string{"导入行政区划", "import regions"}},
	{"region.merge", [2]string{"合并村", "merge villages"}},
	{"calendar.import", [2]string{"导入节假日", "import holidays"}},
	{"qr.revoke", [2]string{"作废报贫二维码", "revoke a QR code"}},
	{"visit.record", [2]string{"记录走访", "record a visit"}},
	{"monitoring.cadre.set", [2]string{"指定帮扶干部", "assign a cadre"}},
	{"monitoring.cadre.end", [2]string{"结束帮扶干部", "end a cadre's assignment"}},
	{"monitoring.cadre.view_phone", [2]string{"查看帮扶干部电话", "view a cadre's phone"}},
	{"monitoring.measure.add", [2]string{"新增帮扶措施", "add a measure"}},
	{"monitoring.measure.update", [2]string{"修改帮扶措施", "edit a measure"}},
	{"monitoring.measure.progress", [2]string{"记录措施进展", "record a measure's progress"}},
	{"monitoring.fit_rule.set", [2]string{"设置风险措施匹配", "set a risk–measure rule"}},
	{"monitoring.fit_rule.delete", [2]string{"删除风险措施匹配", "delete a risk–measure rule"}},
	{"monitoring.worksheet.save", [2]string{"保存收入核算表", "save an income worksheet"}},
	{"feed.import", [2]string{"导入部门数据", "import a department feed"}},
	{"feed.import_duplicate", [2]string{"重复上传部门数据", "upload a feed again"}},
	{"screen.run", [2]string{"运行筛查", "run the screen"}},
	{"warning.decide", [2]string{"预警判定", "decide a warning"}},
	{"labour.import", [2]string{"导入务工就业", "import labour transfers"}},
	{"labour.transfer", [2]string{"登记务工就业", "record a labour transfer"}},
	{"labour.rate", [2]string{"设置交通补助标准", "set a subsidy rate"}},
	{"labour.batch", [2]string{"生成交通补助批次", "make a subsidy batch"}},
	{"export.list", [2]string{"导出名单", "export a list"}},
	{"export.full", [2]string{"导出名单（完整号码）", "export a list (full numbers)"}},
	{"export.tables", [2]string{"导出统计报表", "export the tables"}},
	{"export.feed_unmatched", [2]string{"导出未匹配数据", "export unmatched rows"}},
	{"setting.set", [2]string{"修改系统设置", "change a setting"}},
	{"settings.limits", [2]string{"修改办理时限", "change the deadlines"}},
	{"settings.rule", [2]string{"修改预警规则", "change a warning rule"}},
	{"settings.survey", [2]string{"修改调研报告参数", "change the survey settings"}},
	{"settings.visit_groups", [2]string{"修改六必访人群", "change the must-visit groups"}},
	{"settings.visit_items", [2]string{"修改六必查项目", "change the checklist"}},
}

// auditEntities name the objects of audit entries.
var auditEntities = map[string][2]string{
	"api_token": {"接口令牌", "API token"}, "calendar": {"节假日", "calendar"}, "case": {"案件", "case"},
	"feed_file": {"部门数据文件", "feed file"}, "file": {"文件", "file"}, "fit_rule": {"风险措施匹配", "risk–measure rule"},
	"household": {"农户", "household"}, "household_cadre": {"帮扶干部", "cadre"}, "key": {"密钥", "key"},
	"labour_subsidy_batch": {"交通补助批次", "subsidy batch"}, "labour_subsidy_rate": {"交通补助标准", "subsidy rate"},
	"labour_transfer": {"务工就业", "labour transfer"}, "ledger": {"台账", "ledger"}, "list": {"名单", "list"},
	"measure": {"帮扶措施", "measure"}, "person": {"成员", "member"}, "region": {"区划", "region"},
	"rule_setting": {"预警规则", "warning rule"}, "screen_run": {"筛查", "screen"}, "setting": {"设置", "setting"},
	"settings": {"设置", "settings"}, "user": {"用户", "user"}, "village": {"村", "village"}, "visit": {"走访", "visit"},
	"warning": {"预警", "warning"}, "import": {"导入", "import"}, "self_report": {"一键报贫", "self-report"},
}

// auditMessages are the strings of the audit log page: the names of
// actions and entities above, the sentences and the names of detail keys.
var auditMessages = withAuditNames(map[string][2]string{
	"audit.region_hint":         {"12位区划代码，可不填", "12-digit region code, optional"},
	"audit.action_all":          {"全部操作", "all actions"},
	"audit.sentence":            {"%s（%s）%s", "%s (%s): %s"},
	"audit.s.generic":           {"%s %s", "%s %s"},
	"audit.s.warning":           {"将预警 %s 判定为「%s」", "decided warning %s: %s"},
	"audit.s.warning_case":      {"将预警 %s 判定为「%s」，开立案件 %v", "decided warning %s: %s, case %v"},
	"audit.s.case":              {"对案件 %s 执行「%s」", "on case %s, took the step “%s”"},
	"audit.s.case_move":         {"对案件 %s 执行「%s」：%s → %s", "on case %s, took the step “%s”: %s → %s"},
	"audit.s.export":            {"导出「%s」%v 行", "exported “%s”, %v rows"},
	"audit.s.export_full":       {"导出「%s」%v 行（含完整证件号和电话）", "exported “%s”, %v rows (full numbers)"},
	"audit.s.login":             {"登录系统", "logged in"},
	"audit.s.login_failed":      {"以用户名 %s 登录失败", "failed to log in as %s"},
	"audit.s.logout":            {"退出系统", "logged out"},
	"audit.s.qr":                {"作废了%s的报贫二维码（已打印的旧码失效）", "revoked the QR code of %s (printed codes stopped working)"},
	"audit.list.tables":         {"统计报表", "tables"},
	"audit.list.ledgers":        {"台账", "ledgers"},
	"audit.list.labour_batch":   {"交通补助批次", "subsidy batch"},
	"audit.list.notices":        {"公示公告", "notices"},
	"audit.detail_more":         {"详情", "details"},
	"audit.export_hint":         {"导出当前筛选条件下的全部记录（Excel），导出本身也记入日志。", "Exports every entry the filters select (Excel); the export itself is logged."},
	"audit.key.rows":            {"行数", "rows"},
	"audit.key.inserted":        {"新增", "inserted"},
	"audit.key.updated":         {"更新", "updated"},
	"audit.key.household":       {"农户", "household"},
	"audit.key.role":            {"角色", "role"},
	"audit.key.region":          {"区划", "region"},
	"audit.key.name":            {"名称", "name"},
	"audit.key.year":            {"年度", "year"},
	"audit.key.date":            {"日期", "date"},
	"audit.key.reason":          {"原因", "reason"},
	"audit.key.changes":         {"改动项数", "changes"},
	"audit.key.matched":         {"匹配", "matched"},
	"audit.key.unmatched":       {"未匹配", "unmatched"},
	"audit.key.kind":            {"类别", "kind"},
	"audit.key.case_id":         {"案件", "case"},
	"audit.key.case":            {"案件", "case"},
	"audit.key.receipt":         {"回执号", "receipt"},
	"audit.key.fields":          {"字段", "fields"},
	"audit.key.risk_type":       {"风险类型", "risk type"},
	"audit.key.measure_type":    {"措施类型", "measure type"},
	"audit.key.basis":           {"依据", "basis"},
	"audit.key.destination":     {"务工地点", "destination"},
	"audit.key.problems":        {"发现问题", "problems"},
	"audit.key.follow_up":       {"补录", "follow-up"},
	"audit.key.encoding":        {"编码", "encoding"},
	"audit.key.orphans":         {"无归属", "orphans"},
	"audit.key.households":      {"户数", "households"},
	"audit.key.persons":         {"人数", "persons"},
	"audit.key.new_warnings":    {"新预警", "new warnings"},
	"audit.key.as_of":           {"截至", "as of"},
	"audit.key.list":            {"名单", "list"},
	"audit.key.old":             {"原值", "before"},
	"audit.key.new":             {"新值", "after"},
	"audit.key.size":            {"字节数", "bytes"},
	"audit.key.village":         {"村", "village"},
	"audit.key.into":            {"并入", "into"},
	"audit.key.batch":           {"批次", "batch"},
	"audit.key.amount_fen":      {"金额（分）", "amount (fen)"},
	"audit.key.key":             {"设置项", "setting"},
	"audit.key.value":           {"取值", "value"},
	"audit.key.effective":       {"生效日期", "effective from"},
	"audit.key.enabled":         {"启用", "on"},
	"audit.key.decision":        {"判定", "decision"},
	"audit.key.rule":            {"规则", "rule"},
	"audit.key.from":            {"原状态", "from"},
	"audit.key.to":              {"新状态", "to"},
	"audit.key.filters":         {"筛选条件", "filters"},
	"audit.key.full":            {"完整号码", "full numbers"},
	"audit.key.type":            {"户类型", "type"},
	"audit.key.phone":           {"联系电话", "phone"},
	"audit.key.category":        {"监测对象类别", "category"},
	"audit.key.members":         {"人口数", "members"},
	"audit.key.status":          {"状态", "status"},
	"audit.key.due_on":          {"完成时限", "due"},
	"audit.key.start_on":        {"开始日期", "start"},
	"audit.key.owner":           {"责任人", "owner"},
	"audit.key.notes":           {"备注", "notes"},
	"audit.key.note":            {"说明", "note"},
	"audit.key.unit":            {"单位", "unit"},
	"audit.key.measure":         {"帮扶措施", "measure"},
	"audit.key.measure_subtype": {"措施子类", "measure subtype"},
})

// withAuditNames adds the names of auditActions and auditEntities to m.
func withAuditNames(m map[string][2]string) map[string][2]string {
	for _, a := range auditActions {
		m["audit.action."+a.code] = a.name
	}
	for k, v := range auditEntities {
		m["audit.entity."+k] = v
	}
	return m
}
