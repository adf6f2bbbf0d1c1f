package main

import (
	"context"
	"io"

	"fangpin/internal/civil"
	"fangpin/internal/retrofit"
	"fangpin/internal/store"
)

// cmdRetrofit runs "fangpin retrofit import FILE" (docs/cli.md): retrofit
// projects, all or nothing (docs/formats.md, "Retrofits (危房改造)").
func cmdRetrofit(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return usageError{"retrofit 需要子命令 import"}
	}
	fs := newFlags("retrofit import", stderr)
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"retrofit import 需要一个文件"}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := retrofit.Import(ctx, a.db, a.keys, store.ScopeAll(), pos[0], "cli", civil.Today())
	return importOutcome(stdout, stderr, pos[0], res.Issues, res.Count, res.Rows, err, "危房改造记录导入完成")
}
