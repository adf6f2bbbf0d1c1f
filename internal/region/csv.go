package region

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fangpin/internal/regcode"
)

// RowError is a bad row of a region CSV file: its line number and the reason,
// in Chinese, for the person who fixes the file.
type RowError struct {
	Line   int
	Reason string
}

func (e *RowError) Error() string { return fmt.Sprintf("第%d行：%s", e.Line, e.Reason) }

func rowErrorf(line int, format string, args ...any) error {
	return &RowError{Line: line, Reason: fmt.Sprintf(format, args...)}
}

// csvColumns are the columns ReadCSV needs, found by header name.
var csvColumns = [4]string{"code", "name", "level", "parent_code"}

// ReadCSV reads a code,name,level,parent_code file (UTF-8, optional BOM,
// header row required, columns in any order, extra columns ignored) and calls
// fn for each valid row in file order. It stops at the first bad row, with a
// *RowError, or at the first error fn returns. A code seen twice is a bad row.
func ReadCSV(r io.Reader, fn func(Region) error) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // checked in parseRow, with a Chinese message
	cols, width, err := readHeader(cr)
	if err != nil {
		return err
	}
	seen := make(map[uint64]int)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		line, _ := cr.FieldPos(0)
		reg, err := parseRow(rec, cols, width, line)
		if err == nil {
			err = checkDuplicate(seen, reg.Code, line)
		}
		if err == nil {
			err = fn(reg)
		}
		if err != nil {
			return err
		}
	}
}

// readHeader returns the index of each needed column and the header width.
func readHeader(cr *csv.Reader) (cols [4]int, width int, err error) {
	rec, err := cr.Read()
	if err == io.EOF {
		return cols, 0, rowErrorf(1, "文件为空，缺少表头")
	}
	if err != nil {
		return cols, 0, csvError(err)
	}
	at := make(map[string]int, len(rec))
	for i, h := range rec {
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF")
		}
		at[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for i, name := range csvColumns {
		j, ok := at[name]
		if !ok {
			return cols, 0, rowErrorf(1, "表头缺少%q列（应有 code,name,level,parent_code）", name)
		}
		cols[i] = j
	}
	return cols, len(rec), nil
}

// parseRow validates one data row.
func parseRow(rec []string, cols [4]int, width, line int) (Region, error) {
	if len(rec) != width {
		return Region{}, rowErrorf(line, "应有%d个字段，实有%d个", width, len(rec))
	}
	f := func(i int) string { return strings.TrimSpace(rec[cols[i]]) }
	r := Region{Code: f(0), Name: f(1), ParentCode: f(3)}
	if !isCode(r.Code) {
		return r, rowErrorf(line, "区划代码%q应为12位数字", r.Code)
	}
	if r.Name == "" {
		return r, rowErrorf(line, "区划%s的名称为空", r.Code)
	}
	level, err := strconv.Atoi(f(2))
	if err != nil || level < LevelProvince || level > LevelVillage {
		return r, rowErrorf(line, "级别%q应为1到5", f(2))
	}
	if shape := regcode.Level(r.Code); shape != level {
		return r, rowErrorf(line, "区划代码%s是第%d级的代码，与级别%d不符", r.Code, shape, level)
	}
	r.Level = level
	return r, checkParent(r, line)
}

// checkParent checks the parent code against the level and the code.
func checkParent(r Region, line int) error {
	switch {
	case r.Level == LevelProvince && r.ParentCode != "":
		return rowErrorf(line, "省级区划%s不应有上级代码（实为%q）", r.Code, r.ParentCode)
	case r.Level == LevelProvince:
		return nil
	case r.ParentCode == "":
		return rowErrorf(line, "第%d级区划%s缺少上级代码", r.Level, r.Code)
	case !isCode(r.ParentCode):
		return rowErrorf(line, "上级代码%q应为12位数字", r.ParentCode)
	case r.ParentCode == r.Code:
		return rowErrorf(line, "区划%s的上级代码不能是它自己", r.Code)
	case r.ParentCode != regcode.AncestorAt(r.Code, r.Level-1):
		return rowErrorf(line, "区划%s的上级代码应为%s（实为%s）", r.Code, regcode.AncestorAt(r.Code, r.Level-1), r.ParentCode)
	}
	return nil
}

// checkDuplicate records code at line and fails if it was seen before.
// Codes are kept as integers: 665,271 strings would cost several times more.
func checkDuplicate(seen map[uint64]int, code string, line int) error {
	n, _ := strconv.ParseUint(code, 10, 64) // 12 digits, checked
	if first, ok := seen[n]; ok {
		return rowErrorf(line, "区划代码%s与第%d行重复", code, first)
	}
	seen[n] = line
	return nil
}

// csvError turns an encoding/csv syntax error into a RowError.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return rowErrorf(pe.Line, "CSV格式错误：%v", pe.Err)
	}
	return fmt.Errorf("读取CSV：%w", err)
}
