package survey

import (
	"io"

	"fangpin/internal/export"
)

// WriteDOCX writes the report as a Word document: the title in the Title
// style, 一、 in Heading 1 and （一） in Heading 2, paragraphs in body text,
// and each chart as a table of its figures under a bold caption.
func (r *Report) WriteDOCX(w io.Writer) error {
	d := export.NewDOCX(w, r.Title)
	for _, b := range r.Blocks {
		switch b.Kind {
		case Heading1:
			d.Heading(1, b.Text)
		case Heading2:
			d.Heading(2, b.Text)
		case Paragraph:
			d.Paragraph(export.Plain(b.Text))
		case Figure:
			d.Paragraph(export.Bold(b.Chart.Title))
			t := d.Table([]export.Column{{Header: "项目", Kind: export.Text, Width: 30},
				{Header: "数量（" + b.Chart.Unit + "）", Kind: export.Integer, Format: "0", Width: 14}})
			for _, bar := range b.Chart.Bars {
				t.Row(bar.Label, bar.Value)
			}
		}
	}
	return d.Close()
}
