package selfreport

import (
	"context"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"fangpin/internal/region"
	"fangpin/internal/store"
)

// Link is one village's report link.
type Link struct {
	Code, Name, Path, URL string
}

// Links returns the report link of every village under regionCode (the
// village itself when it is one), issuing tokens where none exist.
func (s *Service) Links(ctx context.Context, scope store.Scope, regionCode, baseURL string) ([]Link, error) {
	villages, err := s.villagesUnder(ctx, scope, regionCode)
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(baseURL, "/")
	out := make([]Link, 0, len(villages))
	for _, v := range villages {
		tok, err := s.VillageToken(ctx, scope, v.Code)
		if err != nil {
			return nil, err
		}
		vil, err := s.Resolve(ctx, tok)
		if err != nil {
			return nil, err
		}
		out = append(out, Link{Code: v.Code, Name: v.Name, Path: vil.Path, URL: base + "/r/" + tok})
	}
	return out, nil
}

func (s *Service) villagesUnder(ctx context.Context, scope store.Scope, code string) ([]region.Region, error) {
	where, args, err := scope.NarrowWhere(code, "code")
	if err != nil {
		return nil, err
	}
	var out []region.Region
	err = store.Each(ctx, s.db.Reader(), "selfreport: villages", func(rows store.Scanner) error {
		var r region.Region
		if err := rows.Scan(&r.Code, &r.Name); err != nil {
			return err
		}
		r.Level = region.LevelVillage
		out = append(out, r)
		return nil
	}, "SELECT code, name FROM regions WHERE level = 5 AND "+where+" ORDER BY code", args...)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("selfreport: no village under %s: %w", code, store.ErrNotFound)
	}
	return out, nil
}

// QRPNG renders a link as a QR code image (PNG, size pixels square), with
// medium error correction so a creased or dirty print still scans.
func QRPNG(url string, size int) ([]byte, error) {
	return qrcode.Encode(url, qrcode.Medium, size)
}

// Hotline is printed on the sheets; a county sets its own number later.
const Hotline = "如扫码不便，可直接告诉村干部、驻村工作队，或拨打12317防止返贫监测帮扶热线。"

// sheetTmpl is the print page: its head, a sheet per village, its foot.
var sheetTmpl = template.Must(template.New("sheets").Parse(`{{define "head"}}<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>一键报贫二维码</title>
<style>
@page { size: A4; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; }
.sheet { page-break-after: always; text-align: center; padding: 10mm 0; }
.sheet:last-child { page-break-after: auto; }
h1 { font-size: 30pt; margin: 0 0 4mm; }
h2 { font-size: 18pt; font-weight: normal; margin: 0 0 8mm; }
img { width: 110mm; height: 110mm; image-rendering: pixelated; }
ol { text-align: left; font-size: 15pt; line-height: 1.7; max-width: 150mm; margin: 8mm auto; }
.hotline { font-size: 13pt; max-width: 150mm; margin: 0 auto; }
.url { font-size: 9pt; color: #555; word-break: break-all; }
</style></head><body>
{{end}}{{define "sheet"}}<section class="sheet">
<h1>一键报贫</h1>
<h2>{{.Path}}</h2>
<img src="{{.Image}}" alt="{{.Name}}一键报贫二维码">
<ol>
<li>用手机微信扫一扫上面的二维码。</li>
<li>填写户主姓名、身份证号、手机号，勾选遇到的困难，简单说说情况。</li>
<li>提交后记下回执号，乡镇和村干部会尽快上门了解情况。</li>
</ol>
<p class="hotline">` + Hotline + `</p>
<p class="url">{{.URL}}</p>
</section>{{end}}{{define "foot"}}
</body></html>{{end}}`))

type sheet struct {
	Link
	Image template.URL
}

// WriteSheets writes a print-ready HTML page, one A4 sheet per village,
// each sheet as soon as its code is drawn: the page starts before the last
// code is drawn, and one code is held at a time. A w that can Flush (an
// http.ResponseWriter) is flushed after each sheet.
func WriteSheets(w io.Writer, links []Link) error {
	flush := func() {}
	if f, ok := w.(interface{ Flush() }); ok {
		flush = f.Flush
	}
	if err := sheetTmpl.ExecuteTemplate(w, "head", nil); err != nil {
		return err
	}
	for _, l := range links {
		png, err := QRPNG(l.URL, 600)
		if err != nil {
			return err
		}
		s := sheet{Link: l, Image: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}
		if err := sheetTmpl.ExecuteTemplate(w, "sheet", s); err != nil {
			return err
		}
		flush()
	}
	return sheetTmpl.ExecuteTemplate(w, "foot", nil)
}
