package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fangpin/internal/selfreport"
	"fangpin/internal/store"
)

// cmdQR lists the 一键报贫 links of the villages under a region and writes
// printable QR sheets: .png for one village, .html for several.
func cmdQR(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("qr", stderr)
	regionCode := fs.String("region", "", "12-digit code of a village, township, county or city")
	out := fs.String("out", "", "write QR sheets: FILE.png (one village) or FILE.html (print-ready, one A4 page per village)")
	base := fs.String("base-url", envOr("FANGPIN_BASE_URL", "http://127.0.0.1:8080"), "the address farmers' phones reach fangpin at")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || *regionCode == "" {
		return usageError{"用法: fangpin qr --region CODE [--out FILE.png|FILE.html] [--base-url URL]"}
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out != "" && ext != ".png" && ext != ".html" && ext != ".htm" {
		return usageError{"--out 应为 .png（单个村）或 .html（多个村的打印页）"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	links, err := selfreport.New(a.db, a.keys).Links(ctx, store.ScopeAll(), *regionCode, *base)
	if err != nil {
		return fmt.Errorf("区划 %s: %w", *regionCode, err)
	}
	for _, l := range links {
		fmt.Fprintf(stdout, "%s\t%s\t%s\n", l.Code, l.Name, l.URL)
	}
	if *out == "" {
		return nil
	}
	return writeQR(*out, ext, links)
}

func writeQR(path, ext string, links []selfreport.Link) error {
	if ext == ".png" {
		if len(links) != 1 {
			return usageError{fmt.Sprintf("%d 个村不能写入一张 PNG；请用 .html 打印页，或指定一个村的代码", len(links))}
		}
		png, err := selfreport.QRPNG(links[0].URL, 600)
		if err != nil {
			return err
		}
		return os.WriteFile(path, png, 0o644)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := selfreport.WriteSheets(f, links); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
