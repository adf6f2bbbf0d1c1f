package survey

import (
	"bytes"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// bodyTemplate is the report as an HTML fragment: the title, headings (the
// report's 一、 as h2, its （一） as h3), paragraphs and charts as inline SVG
// with their figures in the accessible name. It needs no script and no
// style attribute, so a page with a strict CSP can embed it.
var bodyTemplate = template.Must(template.New("survey").Funcs(template.FuncMap{"svg": svgChart}).Parse(`
<article class="survey" lang="zh-CN">
<h1>{{.Title}}</h1>
{{- range .Blocks}}
{{- if eq .Kind 1}}
<h2>{{.Text}}</h2>
{{- else if eq .Kind 2}}
<h3>{{.Text}}</h3>
{{- else if eq .Kind 3}}
<p>{{.Text}}</p>
{{- else if eq .Kind 4}}
<figure class="survey-chart">{{svg .Chart}}<figcaption>{{.Chart.Title}}（{{.Chart.Unit}}）</figcaption></figure>
{{- end}}
{{- end}}
</article>
`))

// Body is the report as an HTML fragment for a page's content.
func (r *Report) Body() (template.HTML, error) {
	var b bytes.Buffer
	if err := bodyTemplate.Execute(&b, r); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.8; }
h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; text-align: center; font-size: 1.5rem; }
h2, h3 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 1.15rem; }
p { text-indent: 2em; }
figure { margin: 1rem 0; text-align: center; }
svg { max-width: 100%; height: auto; }
</style>
</head>
<body>{{.Body}}</body>
</html>
`))

// WriteHTML writes the report as a standalone HTML document.
func (r *Report) WriteHTML(w io.Writer) error {
	body, err := r.Body()
	if err != nil {
		return err
	}
	return pageTemplate.Execute(w, struct {
		Title string
		Body  template.HTML
	}{r.Title, body})
}

// Geometry of the SVG bar chart, in user units.
const (
	svgWidth   = 640
	svgLabel   = 200 // label column
	svgBarMax  = 340 // longest bar
	svgRow     = 36
	svgBarH    = 22
	svgPadding = 8
)

// svgChart draws a horizontal bar chart; the bars scale to the largest
// value, a non-zero value stays visible. Text is escaped.
func svgChart(c *Chart) template.HTML {
	max := 0
	for _, b := range c.Bars {
		if b.Value > max {
			max = b.Value
		}
	}
	h := len(c.Bars)*svgRow + 2*svgPadding
	var label []string
	var s strings.Builder
	for i, b := range c.Bars {
		label = append(label, b.Label+" "+num(b.Value)+c.Unit)
		w := 0
		if max > 0 {
			w = b.Value * svgBarMax / max
		}
		if b.Value > 0 && w == 0 {
			w = 1
		}
		y := svgPadding + i*svgRow
		mid := y + svgRow/2
		s.WriteString(`<text x="` + itoa(svgLabel-8) + `" y="` + itoa(mid) + `" text-anchor="end" dominant-baseline="middle" font-size="14">` +
			template.HTMLEscapeString(b.Label) + `</text>`)
		s.WriteString(`<rect x="` + itoa(svgLabel) + `" y="` + itoa(mid-svgBarH/2) + `" width="` + itoa(w) + `" height="` + itoa(svgBarH) +
			`" fill="#3b6fb6"></rect>`)
		s.WriteString(`<text x="` + itoa(svgLabel+w+6) + `" y="` + itoa(mid) + `" dominant-baseline="middle" font-size="14">` +
			num(b.Value) + template.HTMLEscapeString(c.Unit) + `</text>`)
	}
	aria := template.HTMLEscapeString(c.Title + "：" + strings.Join(label, "，"))
	return template.HTML(`<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ` + itoa(svgWidth) + ` ` + itoa(h) +
		`" width="` + itoa(svgWidth) + `" height="` + itoa(h) + `" aria-label="` + aria + `">` + s.String() + `</svg>`)
}

func itoa(n int) string { return strconv.Itoa(n) }
