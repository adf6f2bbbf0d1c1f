package survey

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/testkit"
)

// TestLibreOffice opens the report's Word document in LibreOffice, as its
// readers will: converted to ODT it keeps 一、 and （一） as outline headings
// of levels 1 and 2, the figures and the chart's table. It needs soffice on
// the PATH and is skipped with -short.
func TestLibreOffice(t *testing.T) {
	var buf bytes.Buffer
	if err := compose(city, day, DefaultSettings, sample()).WriteDOCX(&buf); err != nil {
		t.Fatal(err)
	}
	path := testkit.File(t, "survey.docx", buf.String())
	data, err := os.ReadFile(filepath.Join(testkit.Convert(t, path, "odt"), "survey.odt"))
	if err != nil {
		t.Fatal(err)
	}
	content := strings.ReplaceAll(testkit.ZipPart(t, data, "content.xml"), "<text:soft-page-break/>", "")
	for _, want := range []string{
		`text:outline-level="1">一、总体情况`, `text:outline-level="1">二、存在的问题`,
		`text:outline-level="2">（一）防返贫监测帮扶扎实推进。`, `text:outline-level="2">（一）因病返贫致贫风险依然存在。`,
		"累计纳入监测对象168户499人", "帮扶资金171.59万元", "占脱贫户的57.8%", "<table:table ", "突发严重困难户",
	} {
		if !strings.Contains(content, want) {
			t.Errorf("LibreOffice's document lacks %s", want)
		}
	}
}
