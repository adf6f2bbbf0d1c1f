package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"strconv"
	"strings"
)

// DOCX streams a report as a Word document (A4, Chinese fonts): a title,
// headings of three levels, paragraphs of plain and bold runs, tables with a
// header row and PNG images. The body goes to the writer as it is written;
// only images wait in memory until Close, which adds them and finishes the
// package.
//
// A DOCX is not safe for concurrent use. Errors are sticky: after the
// first, every method returns it.
type DOCX struct {
	zw     *zip.Writer
	bw     *bufio.Writer // word/document.xml
	table  *DocTable
	images [][]byte
	err    error
	done   bool
}

// Run is a piece of a paragraph's text; bold or not.
type Run struct {
	Text string
	Bold bool
}

// Plain is a run of ordinary text.
func Plain(s string) Run { return Run{Text: s} }

// Bold is a run of bold text.
func Bold(s string) Run { return Run{Text: s, Bold: true} }

// NewDOCX starts a report on w. A non-empty title is the document's
// title property and its first paragraph, in the Title style.
func NewDOCX(w io.Writer, title string) *DOCX {
	d := &DOCX{zw: zip.NewWriter(w)}
	title = clean(title)
	var core strings.Builder
	core.WriteString(docxCoreStart)
	xml.EscapeText(&core, []byte(title))
	core.WriteString(docxCoreEnd)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRootRels},
		{"docProps/core.xml", core.String()},
		{"word/styles.xml", docxStyles},
	} {
		if d.part(part.name, []byte(part.body)) != nil {
			return d
		}
	}
	doc, err := d.zw.Create("word/document.xml")
	if d.failIO(err) != nil {
		return d
	}
	d.bw = bufio.NewWriterSize(doc, 32<<10)
	d.raw(docxDocumentStart)
	if title != "" {
		d.paragraph("Title", "", []Run{Plain(title)})
	}
	return d
}

// fail records the first error.
func (d *DOCX) fail(err error) error {
	if err != nil && d.err == nil {
		d.err = err
	}
	return d.err
}

// failIO records an error of the writer or the archive.
func (d *DOCX) failIO(err error) error {
	if err != nil {
		err = fmt.Errorf("export: docx: %w", err)
	}
	return d.fail(err)
}

// part writes a whole part of the package.
func (d *DOCX) part(name string, body []byte) error {
	w, err := d.zw.Create(name)
	if err == nil {
		_, err = w.Write(body)
	}
	return d.failIO(err)
}

func (d *DOCX) raw(s string) {
	if d.err == nil {
		_, err := d.bw.WriteString(s)
		d.failIO(err)
	}
}

// text writes s escaped for XML, cleaned of what XML cannot hold.
func (d *DOCX) text(s string) {
	if d.err == nil {
		d.failIO(xml.EscapeText(d.bw, []byte(clean(s))))
	}
}

// block ends an open table before the next paragraph, heading or image.
func (d *DOCX) block() error {
	if d.done && d.err == nil {
		d.err = errFinished
	}
	if d.err == nil && d.table != nil {
		d.table = nil
		d.raw(`</w:tbl>`)
		// Word needs a paragraph between two tables, and a gap reads better.
		d.raw(`<w:p/>`)
	}
	return d.err
}

// Heading writes a heading of level 1, 2 or 3 (Word's "heading 1" to
// "heading 3" styles).
func (d *DOCX) Heading(level int, text string) error {
	if level < 1 || level > 3 {
		return d.fail(fmt.Errorf("export: docx: heading level %d (1 to 3)", level))
	}
	if d.block() != nil {
		return d.err
	}
	d.paragraph("Heading"+strconv.Itoa(level), "", []Run{Plain(text)})
	return d.err
}

// Paragraph writes a paragraph of body text made of runs.
func (d *DOCX) Paragraph(runs ...Run) error {
	if d.block() != nil {
		return d.err
	}
	d.paragraph("", "", runs)
	return d.err
}

// paragraph writes a w:p in a style ("" for Normal) with an alignment ("" for
// the style's own).
func (d *DOCX) paragraph(style, align string, runs []Run) {
	d.raw(`<w:p>`)
	if style != "" || align != "" {
		d.raw(`<w:pPr>`)
		if style != "" {
			d.raw(`<w:pStyle w:val="` + style + `"/>`)
		}
		if align != "" {
			d.raw(`<w:jc w:val="` + align + `"/>`)
		}
		d.raw(`</w:pPr>`)
	}
	for _, r := range runs {
		d.run(r)
	}
	d.raw(`</w:p>`)
}

// run writes a w:r; line feeds become line breaks and tabs tab stops, as
// WordprocessingML wants them.
func (d *DOCX) run(r Run) {
	if r.Text == "" {
		return
	}
	d.raw(`<w:r>`)
	if r.Bold {
		d.raw(`<w:rPr><w:b/><w:bCs/></w:rPr>`)
	}
	for i, line := range strings.Split(strings.ReplaceAll(r.Text, "\r", ""), "\n") {
		if i > 0 {
			d.raw(`<w:br/>`)
		}
		for j, piece := range strings.Split(line, "\t") {
			if j > 0 {
				d.raw(`<w:tab/>`)
			}
			if piece != "" {
				d.raw(`<w:t xml:space="preserve">`)
				d.text(piece)
				d.raw(`</w:t>`)
			}
		}
	}
	d.raw(`</w:r>`)
}

// emuPerTwip converts Word's twentieths of a point to drawing units (EMU).
const emuPerTwip = 635

// Image writes a PNG image centred on its own line, widthCM wide (0 or more
// than the text width: the text width, 14.65 cm) with its aspect ratio; alt
// is its description for screen readers.
func (d *DOCX) Image(pngData []byte, widthCM float64, alt string) error {
	if d.block() != nil {
		return d.err
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(pngData))
	if err != nil {
		return d.fail(fmt.Errorf("export: docx: image: %w", err))
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		return d.fail(errors.New("export: docx: image: empty PNG"))
	}
	maxCX := int64(textWidthTw) * emuPerTwip
	cx := int64(widthCM * 360000)
	if cx <= 0 || cx > maxCX {
		cx = maxCX
	}
	cy := cx * int64(cfg.Height) / int64(cfg.Width)
	d.images = append(d.images, bytes.Clone(pngData))
	n := strconv.Itoa(len(d.images))
	ext := `cx="` + strconv.FormatInt(cx, 10) + `" cy="` + strconv.FormatInt(cy, 10) + `"`
	d.raw(`<w:p><w:pPr><w:pStyle w:val="Figure"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">`)
	d.raw(`<wp:extent ` + ext + `/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="` + n + `" name="图` + n + `" descr="`)
	d.text(alt)
	d.raw(`"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`)
	d.raw(`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`)
	d.raw(`<pic:nvPicPr><pic:cNvPr id="` + n + `" name="image` + n + `.png"/><pic:cNvPicPr/></pic:nvPicPr>`)
	d.raw(`<pic:blipFill><a:blip r:embed="rIdImage` + n + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`)
	d.raw(`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext ` + ext + `/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`)
	d.raw(`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
	return d.err
}

// Close ends the body with an A4 section, adds the images and their
// relationships and finishes the package. It is safe to call more than
// once.
func (d *DOCX) Close() error {
	if d.done {
		return d.err
	}
	d.block()
	d.done = true
	d.raw(docxSection + docxDocumentEnd)
	if d.err == nil {
		d.failIO(d.bw.Flush())
	}
	var rels strings.Builder
	rels.WriteString(docxRelsStart)
	for i, img := range d.images {
		n := strconv.Itoa(i + 1)
		if d.err == nil {
			d.part("word/media/image"+n+".png", img)
		}
		rels.WriteString(`<Relationship Id="rIdImage` + n + `" Type="` + relImage + `" Target="media/image` + n + `.png"/>`)
	}
	rels.WriteString(docxRelsEnd)
	if d.err == nil {
		d.part("word/_rels/document.xml.rels", []byte(rels.String()))
	}
	if d.err == nil {
		d.failIO(d.zw.Close())
	}
	d.images = nil
	return d.err
}
