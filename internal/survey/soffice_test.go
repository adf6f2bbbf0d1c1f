package survey

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLibreOffice opens the report's Word document in LibreOffice, as its
// readers will: converted to ODT it keeps 一、 and （一） as outline headings
// of levels 1 and 2, the figures and the chart's table. It needs soffice on
// the PATH (.ci/run installs it) and is skipped with -short.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice takes a while; skipped with -short")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not on PATH")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := compose(city, day, DefaultSettings, sample()).WriteDOCX(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "survey.docx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", "odt", "--outdir", dir, path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to odt: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(dir, "survey.odt"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var content string
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			content = strings.ReplaceAll(string(b), "<text:soft-page-break/>", "")
		}
	}
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
