package web

// surveyMessages are the strings of the survey report's page (a part of
// catalogue). The report itself is written in Chinese.
var surveyMessages = map[string][2]string{
	"survey.title": {"调研报告", "Survey report"},
	"survey.as_of": {"数据截至", "Data as of"},
	"survey.docx":  {"下载Word文档", "Download as Word"},
	"survey.note":  {"报告由系统按截至所选日期的数据生成，各项数字均为计算所得；阈值见文档 docs/survey.md。", "The report is written in Chinese from the data as of the chosen day; every figure is computed. Thresholds: docs/survey.md."},
	"survey.print": {"用浏览器的“打印”（Ctrl+P）打印本报告。", "Print the report with the browser's Print (Ctrl+P)."},
}
