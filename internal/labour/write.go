package labour

import (
	"fmt"
	"io"

	"fangpin/internal/export"
	"fangpin/internal/money"
	"fangpin/internal/pii"
)

// batchColumns are the payment list's columns: no bank account (the bank
// matches by name and ID number).
var batchColumns = []export.Column{
	{Header: "序号", Kind: export.Integer},
	{Header: "姓名", Kind: export.Text},
	{Header: "身份证号", Kind: export.Text, Width: 22},
	{Header: "户编号", Kind: export.Text},
	{Header: "行政区划代码", Kind: export.Text},
	{Header: "去向", Kind: export.Text},
	{Header: "省份", Kind: export.Text},
	{Header: "务工月数", Kind: export.Integer},
	{Header: "补助金额（元）", Kind: export.Money},
}

// WriteBatch writes b as an Excel workbook for the bank: one sheet, one row
// a person and a total row. ID numbers are masked unless full, which needs
// keys (the caller checked the role and audits the full export).
func WriteBatch(w io.Writer, b Batch, keys *pii.Keys, full bool) error {
	x := export.NewXLSX(w)
	title := fmt.Sprintf("一次性交通补助发放名单（%d年度，批次%d，%s，共%d人%s元）", b.Year, b.ID, b.Day, len(b.Lines), money.Yuan(b.AmountFen))
	s := x.Sheet("发放名单", title, batchColumns)
	for i, l := range b.Lines {
		id := l.IDMasked
		if full {
			plain, err := keys.Open(l.IDEnc)
			if err != nil {
				x.Abort()
				return fmt.Errorf("labour: ID of person %d: %w", l.PersonID, err)
			}
			id = plain
		}
		if err := s.Row(i+1, l.Name, id, l.HouseholdCode, l.Region, l.Destination, l.Province, l.Months, l.AmountFen); err != nil {
			x.Abort()
			return err
		}
	}
	if err := s.Row(nil, "合计", nil, nil, nil, nil, nil, nil, b.AmountFen); err != nil {
		x.Abort()
		return err
	}
	return x.Close()
}
