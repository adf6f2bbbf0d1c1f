package tabular

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzOpen: any file (CSV in any encoding, or a ZIP taken for XLSX) is
// read row by row without a panic; every problem is ErrFile, row numbers
// grow, and no cell is longer than MaxCellRunes.
func FuzzOpen(f *testing.F) {
	f.Add([]byte("姓名,证件号码\n张三,1\r\n\n李四,\"2\"\n"))
	f.Add([]byte("a,b\r1,2\r"))
	f.Add([]byte("\xEF\xBB\xBFa,a\n"))
	f.Add([]byte("\xFF\xFEa\x00,\x00b\x00"))
	f.Add(gb("姓名,证件号码\n张三,1\n"))
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"))
	f.Add(xlsxWith(f, func(b []byte) []byte { return b }))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := Open(p)
		if err != nil {
			if !errors.Is(err, ErrFile) {
				t.Fatalf("open: %v is not ErrFile", err)
			}
			return
		}
		defer r.Close()
		last := 0
		for i := 0; i < 10000; i++ {
			rec, row, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !errors.Is(err, ErrFile) {
					t.Fatalf("row %d: %v is not ErrFile", row, err)
				}
				return
			}
			if row <= last {
				t.Fatalf("row %d after %d", row, last)
			}
			last = row
			for _, c := range rec {
				if utf8.RuneCountInString(c) > MaxCellRunes {
					t.Fatalf("a cell of %d characters", utf8.RuneCountInString(c))
				}
			}
		}
	})
}
