package export

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/testkit"
)

// chartPNG is a small PNG of w×h pixels.
func chartPNG(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			if y > h-h*x/w {
				img.Set(x, y, color.RGBA{0x2f, 0x6f, 0xb3, 0xff})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var countyCols = []Column{
	{Header: "县区"},
	{Header: "监测户数", Kind: Integer, Format: "#,##0"},
	{Header: "人均纯收入（元）", Kind: Money},
	{Header: "风险消除率", Kind: Percent, Format: "0.0%"},
	{Header: "统计日期", Kind: Date},
}

// writeReport writes the report the tests read back.
func writeReport(t testing.TB) []byte {
	var buf bytes.Buffer
	d := NewDOCX(&buf, "金昌市防返贫监测帮扶工作调研报告")
	steps := []func() error{
		func() error { return d.Heading(1, "一、基本情况") },
		func() error {
			return d.Paragraph(Plain("全市共有脱贫户"), Bold("3,512"), Plain("户，监测对象<168>户 & 其他。\n第二行\t制表"))
		},
		func() error { return d.Heading(2, "（一）各县区情况") },
		func() error {
			tb := d.Table(countyCols)
			if err := tb.Row("金川区", 12345, int64(123456789), 0.8125, civil.Date(20261128)); err != nil {
				return err
			}
			return tb.Row("永昌县\x07", 7, int64(-5), nil, civil.Date(0))
		},
		func() error { return d.Image(chartPNG(t, 400, 200), 12, "各县区监测户数") },
		func() error { return d.Heading(3, "1. 小结") },
		func() error { return d.Paragraph(Plain("完。")) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDOCXParts(t *testing.T) {
	data := writeReport(t)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !strings.HasSuffix(f.Name, ".png") {
			wellFormed(t, f.Name, testkit.ZipPart(t, data, f.Name))
		}
	}
	for _, want := range []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/styles.xml", "word/document.xml", "word/media/image1.png", "word/_rels/document.xml.rels"} {
		if !strings.Contains("|"+strings.Join(names, "|")+"|", "|"+want+"|") {
			t.Errorf("no part %s in %q", want, names)
		}
	}
	if !bytes.Equal([]byte(testkit.ZipPart(t, data, "word/media/image1.png")), chartPNG(t, 400, 200)) {
		t.Error("image stored altered")
	}
	if core := testkit.ZipPart(t, data, "docProps/core.xml"); !strings.Contains(core, "<dc:title>金昌市防返贫监测帮扶工作调研报告</dc:title>") {
		t.Errorf("core properties %s", core)
	}
	if ct := testkit.ZipPart(t, data, "[Content_Types].xml"); !strings.Contains(ct, `Extension="png"`) || !strings.Contains(ct, "wordprocessingml.document.main+xml") {
		t.Errorf("content types %s", ct)
	}
	rels := testkit.ZipPart(t, data, "word/_rels/document.xml.rels")
	if !strings.Contains(rels, `Id="rIdImage1"`) || !strings.Contains(rels, `Target="media/image1.png"`) || !strings.Contains(rels, `Target="styles.xml"`) {
		t.Errorf("document relationships %s", rels)
	}

	styles := testkit.ZipPart(t, data, "word/styles.xml")
	for level, outline := range map[string]string{"1": "0", "2": "1", "3": "2"} {
		re := regexp.MustCompile(`<w:style w:type="paragraph" w:styleId="Heading` + level + `"><w:name w:val="heading ` + level + `"/>.*?<w:outlineLvl w:val="` + outline + `"/>.*?</w:style>`)
		if !re.MatchString(styles) {
			t.Errorf("no built-in heading %s with outline level %s", level, outline)
		}
	}
	for _, want := range []string{`w:eastAsia="宋体"`, `w:eastAsia="黑体"`, `w:ascii="Times New Roman"`, `w:eastAsia="zh-CN"`, `w:styleId="Title"`} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles lack %s", want)
		}
	}

	doc := testkit.ZipPart(t, data, "word/document.xml")
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`, // A4
		`<w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">金昌市防返贫监测帮扶工作调研报告</w:t>`,
		`<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">一、基本情况</w:t>`,
		`<w:pStyle w:val="Heading2"/>`, `<w:pStyle w:val="Heading3"/>`,
		`<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">3,512</w:t></w:r>`,
		`监测对象&lt;168&gt;户 &amp; 其他。</w:t><w:br/><w:t xml:space="preserve">第二行</w:t><w:tab/>`,
		`<w:tblHeader/>`,
		`<w:t xml:space="preserve">人均纯收入（元）</w:t>`,
		`<w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">12,345</w:t>`,
		`>1,234,567.89<`, `>81.3%<`, `>2026-11-28<`, `>-0.05<`, `>永昌县<`,
		`<a:blip r:embed="rIdImage1"/>`, `<wp:extent cx="4320000" cy="2160000"/>`, `descr="各县区监测户数"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %s", want)
		}
	}
	// The header row's cells are bold and shaded; a table is followed by a
	// paragraph before the image.
	if !strings.Contains(doc, `<w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/>`) || !strings.Contains(doc, `</w:tbl><w:p/>`) {
		t.Error("table header or end missing")
	}
}

func TestDOCXErrors(t *testing.T) {
	var buf bytes.Buffer
	d := NewDOCX(&buf, "")
	if err := d.Heading(4, "四级"); err == nil {
		t.Error("heading level 4 accepted")
	}
	if err := d.Paragraph(Plain("x")); err == nil {
		t.Error("error not sticky")
	}

	d = NewDOCX(&buf, "")
	if err := d.Image([]byte("not a png"), 0, ""); err == nil {
		t.Error("a non-PNG image was accepted")
	}

	d = NewDOCX(&buf, "")
	tb := d.Table(countyCols)
	d.Paragraph(Plain("after"))
	if err := tb.Row("x", 1, int64(1), 0.5, civil.Date(0)); err == nil {
		t.Error("row on a finished table accepted")
	}

	d = NewDOCX(&buf, "")
	if err := d.Table(countyCols).Row("x", "1", int64(1), 0.5, civil.Date(0)); err == nil {
		t.Error("string in an integer column accepted")
	}

	d = NewDOCX(&buf, "")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Paragraph(Plain("late")); err == nil {
		t.Error("paragraph after Close accepted")
	}
}

func TestDOCXImageWidth(t *testing.T) {
	var buf bytes.Buffer
	d := NewDOCX(&buf, "")
	d.Image(chartPNG(t, 300, 300), 0, "")  // text width
	d.Image(chartPNG(t, 300, 150), 30, "") // capped at the text width
	d.Image(chartPNG(t, 300, 150), 5, "")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	doc := testkit.ZipPart(t, buf.Bytes(), "word/document.xml")
	for _, want := range []string{`cx="5274310" cy="5274310"`, `cx="5274310" cy="2637155"`, `cx="1800000" cy="900000"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("no extent %s", want)
		}
	}
}
