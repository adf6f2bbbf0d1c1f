package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"fangpin/internal/civil"
	"fangpin/internal/registry"
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
	if err := fileIssues(stderr, pos[0], res.Issues, res.Count, err); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "危房改造记录导入完成：%d 行\n", res.Rows)
	return nil
}

// fileIssues prints an all-or-nothing import's problems on stderr (the
// listed ones, then how many more) and makes a rejected file exit 3.
func fileIssues(stderr io.Writer, path string, issues []registry.Issue, count int, err error) error {
	name := filepath.Base(path)
	for _, is := range issues {
		fmt.Fprintf(stderr, "%s %s\n", name, is)
	}
	if more := count - len(issues); more > 0 {
		fmt.Fprintf(stderr, "%s 另有 %d 处错误未列出\n", name, more)
	}
	if errors.Is(err, registry.ErrRejected) {
		return rejectedError{fmt.Sprintf("%s：发现 %d 处错误，未导入任何数据", name, count)}
	}
	return err
}
