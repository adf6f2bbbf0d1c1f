package tabular

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on what a file may make fangpin hold: a crafted file must be
// refused before it takes the process's memory (docs/formats.md).
const (
	// MaxCellRunes is Excel's own limit on the text of one cell.
	MaxCellRunes = 32767
	// MaxLineBytes bounds one CSV line (a quoted line break starts a new one).
	MaxLineBytes = 1 << 20
	// MaxUnzipped bounds the total size of an XLSX file's parts once
	// decompressed, as the archive declares and archive/zip enforces.
	MaxUnzipped = 4 << 30
	// maxXMLRun bounds the bytes between two tags of an XLSX part: one cell's
	// text (at most MaxCellRunes characters, escaped) or one tag.
	maxXMLRun = 1 << 20
)

// ErrFile marks a file that cannot be read as a table (broken, truncated,
// UTF-16, over a bound, duplicate column names): the file is refused, the
// program is fine. Every such error of this package wraps it.
var ErrFile = errors.New("tabular: unreadable file")

type fileError struct{ msg string }

func (e fileError) Error() string { return e.msg }
func (e fileError) Unwrap() error { return ErrFile }

func fileErrorf(format string, args ...any) error {
	return fileError{fmt.Sprintf(format, args...)}
}

// checkZip refuses an XLSX archive whose parts would decompress past
// MaxUnzipped, or whose XML holds a run longer than maxXMLRun between two
// tags (a "zip bomb" cell that decompresses to gigabytes). It reads every
// XML part once, streaming, before excelize sees the file.
func checkZip(f *os.File, size int64) error {
	z, err := zip.NewReader(f, size)
	if err != nil {
		return fileErrorf("无法读取Excel文件（文件不完整或已损坏）：%v", err)
	}
	var total uint64
	for _, e := range z.File {
		if total += e.UncompressedSize64; total > MaxUnzipped {
			return fileErrorf("Excel文件解压后超过%d MB，请拆分后再导入", MaxUnzipped>>20)
		}
	}
	for _, e := range z.File {
		if !strings.HasSuffix(e.Name, ".xml") && !strings.HasSuffix(e.Name, ".rels") {
			continue
		}
		if err := scanPart(e); err != nil {
			return err
		}
	}
	return nil
}

// scanPart reads one XML part and refuses a run between tags over maxXMLRun.
func scanPart(e *zip.File) error {
	rc, err := e.Open()
	if err != nil {
		return fileErrorf("无法读取Excel文件的%s：%v", e.Name, err)
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	run := 0
	for {
		chunk, err := br.ReadSlice('<')
		run += len(chunk)
		if run > maxXMLRun {
			return fileErrorf("Excel文件中有超过%d个字符的单元格或标记（%s），无法导入", MaxCellRunes, e.Name)
		}
		switch {
		case err == nil:
			run = 0
		case errors.Is(err, bufio.ErrBufferFull):
		case err == io.EOF:
			return nil
		default:
			return fileErrorf("无法读取Excel文件（文件不完整或已损坏）：%v", err)
		}
	}
}

// lineReader bounds the length of a CSV line and reads a lone CR (old Mac
// and some department systems) as a line end, like CRLF and LF.
type lineReader struct {
	r      io.Reader
	line   int  // bytes since the last line end
	lastCR bool // the previous byte was a CR, now an LF: drop an LF that follows
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	out := 0
	for _, b := range p[:n] {
		switch {
		case b == '\n' && l.lastCR:
			l.lastCR = false
			continue
		case b == '\r':
			b, l.lastCR, l.line = '\n', true, 0
		case b == '\n':
			l.lastCR, l.line = false, 0
		default:
			l.lastCR = false
			if l.line++; l.line > MaxLineBytes {
				return out, fileErrorf("文件中有一行超过%d MB，无法导入（是否不是表格文件？）", MaxLineBytes>>20)
			}
		}
		p[out] = b
		out++
	}
	if out == 0 && err == nil && n > 0 {
		return l.Read(p) // only a dropped LF: read on rather than return 0, nil
	}
	return out, err
}

// checkCells refuses a row with a cell over MaxCellRunes characters.
func checkCells(rec []string, line int) error {
	for i, c := range rec {
		if len(c) > MaxCellRunes && utf8.RuneCountInString(c) > MaxCellRunes {
			return fileErrorf("第%d行第%d列超过%d个字符，无法导入", line, i+1, MaxCellRunes)
		}
	}
	return nil
}

// utf16Hint recognises a UTF-16 text (a BOM, or NUL bytes beside ASCII),
// which Excel writes as "Unicode text" and which cannot be read as CSV.
func utf16Hint(sample []byte) error {
	bom := len(sample) >= 2 && (sample[0] == 0xFF && sample[1] == 0xFE || sample[0] == 0xFE && sample[1] == 0xFF)
	nul := 0
	for _, b := range sample[:min(len(sample), 512)] {
		if b == 0 {
			nul++
		}
	}
	if bom || nul > 8 {
		return fileErrorf("文件是UTF-16（Unicode文本）编码，无法读取：请在Excel中“另存为”“CSV UTF-8（逗号分隔）”或Excel工作簿（.xlsx）后再导入")
	}
	return nil
}

// maxEcho is how many characters of a message built from file text are
// shown on a terminal or kept in a job's result.
const maxEcho = 300

// Echo makes a message that quotes file text safe to show: control and
// direction-override characters become spaces (a file must not move the
// terminal's cursor or reorder what it shows) and the text is cut to
// maxEcho characters.
func Echo(s string) string {
	clean := func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}
	if len(s) > maxEcho*utf8.UTFMax {
		s = s[:maxEcho*utf8.UTFMax]
	}
	s = strings.Map(clean, s)
	if utf8.RuneCountInString(s) > maxEcho {
		s = string([]rune(s)[:maxEcho-1]) + "…"
	}
	return s
}

// maxUnknown is how many unknown columns are named in warnings.
const maxUnknown = 20

// UnknownColumns is the warnings for columns an import ignores: one line
// each (忽略未知列「X」, cleaned by Echo) for the first 20, then a count.
func UnknownColumns(names []string) []string {
	var out []string
	for i, n := range names {
		if i == maxUnknown {
			out = append(out, fmt.Sprintf("另有%d个未知列被忽略", len(names)-maxUnknown))
			break
		}
		out = append(out, Echo("忽略未知列「"+n+"」"))
	}
	return out
}
