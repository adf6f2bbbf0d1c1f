// Package tabular reads the spreadsheet files users hand to fangpin: CSV in
// UTF-8 (with or without BOM) or GB18030 (what Excel writes on Chinese
// Windows), detected from the content, and XLSX (first sheet), row by row
// without loading the file into memory.
package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Reader yields the rows of a table after its header row.
type Reader struct {
	// Header holds the trimmed column names of the first non-empty row.
	Header []string
	// Encoding is "UTF-8", "UTF-8 BOM", "GB18030" or "XLSX".
	Encoding string

	next  func() ([]string, int, error)
	close func() error
	row   int
	index map[string]int
}

// Open opens a CSV or XLSX file, recognised by its content (an XLSX file is a
// ZIP archive), and reads its header row.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	xlsx, err := IsXLSX(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if xlsx {
		st, err := f.Stat()
		if err == nil {
			err = checkZip(f, st.Size())
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		return openXLSX(f)
	}
	r, err := NewCSV(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.close = f.Close
	return r, nil
}

// IsXLSX reports whether f holds an XLSX file, by its first bytes (those
// of a ZIP archive), and puts f back at its start.
func IsXLSX(f io.ReadSeeker) (bool, error) {
	magic := make([]byte, 4)
	n, _ := io.ReadFull(f, magic)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	return n == 4 && bytes.Equal(magic, []byte("PK\x03\x04")), nil
}

// NewCSV reads CSV from r, detecting UTF-8 (BOM optional) or GB18030.
func NewCSV(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	sample, _ := br.Peek(64 << 10)
	if err := utf16Hint(sample); err != nil {
		return nil, err
	}
	enc := "UTF-8"
	var src io.Reader = br
	switch {
	case bytes.HasPrefix(sample, []byte("\xEF\xBB\xBF")):
		enc = "UTF-8 BOM"
		br.Discard(3)
	case !validUTF8Prefix(sample):
		enc = "GB18030"
		src = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	cr := csv.NewReader(&lineReader{r: src})
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	t := &Reader{Encoding: enc, close: func() error { return nil }}
	t.next = func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0) // the file's line, also after blank lines and quoted line breaks
		return rec, line, nil
	}
	return t, t.readHeader()
}

// validUTF8Prefix is utf8.Valid that forgives a rune cut at the sample's end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

func openXLSX(f *os.File) (*Reader, error) {
	x, err := excelize.OpenReader(f)
	if err != nil {
		f.Close()
		return nil, fileErrorf("无法读取Excel文件: %v", err)
	}
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		x.Close()
		f.Close()
		return nil, fileErrorf("Excel文件中没有工作表")
	}
	rows, err := x.Rows(sheets[0])
	if err != nil {
		x.Close()
		f.Close()
		return nil, fileErrorf("无法读取工作表%q: %v", sheets[0], err)
	}
	t := &Reader{Encoding: "XLSX"}
	t.close = func() error {
		rows.Close()
		x.Close()
		return f.Close()
	}
	line := 0
	t.next = func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, 0, fileErrorf("读取Excel文件出错（文件不完整或已损坏）：%v", err)
			}
			return nil, 0, io.EOF
		}
		line++
		cols, err := rows.Columns()
		if err != nil {
			return nil, line, fileErrorf("第%d行无法读取：%v", line, err)
		}
		return cols, line, nil
	}
	if err := t.readHeader(); err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

func (t *Reader) readHeader() error {
	for {
		rec, _, err := t.next()
		if err == io.EOF {
			return fileErrorf("文件是空的：没有表头行")
		}
		if err != nil {
			return fmt.Errorf("读取表头: %w", t.fileErr(err))
		}
		if blank(rec) {
			continue
		}
		t.Header = make([]string, len(rec))
		t.index = make(map[string]int, len(rec))
		for i, h := range rec {
			h = cleanHeader(h)
			if len(h) > 200 {
				return fileErrorf("第%d列的列名超过200个字节：这不像表头行", i+1)
			}
			t.Header[i] = h
			if j, dup := t.index[h]; dup {
				return fileErrorf("列名「%s」重复（第%d列和第%d列），请删除或改名其中一列", h, j+1, i+1)
			}
			if h != "" {
				t.index[h] = i
			}
		}
		return nil
	}
}

// cleanHeader trims spaces (also full-width ones) and a BOM from a column name.
func cleanHeader(h string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimPrefix(h, "\uFEFF"), " \u3000\t"))
}

// Column returns the index of the first column with one of the names, or -1.
func (t *Reader) Column(names ...string) int {
	for _, n := range names {
		if i, ok := t.index[n]; ok {
			return i
		}
	}
	return -1
}

// Next returns the next non-empty row and its 1-based row number in the file
// (the header is row 1 when it is the first line). The slice is reused by the
// next call. It returns io.EOF after the last row.
func (t *Reader) Next() ([]string, int, error) {
	for {
		rec, line, err := t.next()
		if err != nil {
			return nil, line, t.fileErr(err)
		}
		if err := checkCells(rec, line); err != nil {
			return nil, line, err
		}
		if !blank(rec) {
			return rec, line, nil
		}
	}
}

// fileErr keeps io.EOF and ErrFile errors, makes a CSV syntax error and,
// for an XLSX file, any other read error a file problem (excelize's errors
// are about the file).
func (t *Reader) fileErr(err error) error {
	var pe *csv.ParseError
	switch {
	case err == io.EOF || errors.Is(err, ErrFile):
		return err
	case errors.As(err, &pe):
		return fileErrorf("第%d行格式错误: %v", pe.StartLine, pe.Err)
	case t.Encoding == "XLSX":
		return fileErrorf("%v", err)
	}
	return err
}

// Close releases the file.
func (t *Reader) Close() error { return t.close() }

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// Cell returns the trimmed value of column i of rec ("" when absent).
func Cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	s := rec[i]
	if s == "" || (!edgeSpace(s, false) && !edgeSpace(s, true)) {
		return s
	}
	return strings.TrimSpace(strings.Trim(s, "\u3000"))
}

// edgeSpace reports whether s begins (or, with last, ends) with a space to
// trim: white space or U+3000. Most cells of a Chinese file end in a
// multi-byte rune that is none, and are returned without trimming.
func edgeSpace(s string, last bool) bool {
	b := s[0]
	if last {
		b = s[len(s)-1]
	}
	if b < utf8.RuneSelf {
		return b <= ' '
	}
	r, _ := utf8.DecodeRuneInString(s)
	if last {
		r, _ = utf8.DecodeLastRuneInString(s)
	}
	return r == '\u3000' || unicode.IsSpace(r)
}
