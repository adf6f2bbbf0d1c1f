package testkit

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Convert converts file with LibreOffice (`soffice --convert-to to`) into a
// new folder and returns the folder, as people will open the file. It skips
// the test with -short or when soffice is not on the PATH (.ci/run installs
// it).
func Convert(t testing.TB, file, to string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("LibreOffice takes a while; skipped with -short")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not on PATH")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", to, "--outdir", dir, file)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", to, err, b)
	}
	return dir
}

// ZipPart returns one part of a ZIP package (an ODT, DOCX or XLSX file).
func ZipPart(t testing.TB, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("no part %s", name)
	return ""
}
