package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fangpin/internal/feed"
)

// importFeed runs `fangpin import feed KIND FILE`: a department feed
// (docs/formats.md), all or nothing; the same file twice stores nothing.
func importFeed(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import feed", stderr)
	region := fs.String("region", "", "the uploader's region code (default: the region holding all households)")
	unmatched := fs.String("unmatched", "", "write the rows that match no registered person to this CSV file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{"用法: fangpin import feed KIND FILE [--region CODE] [--unmatched OUT.csv]"}
	}
	kind, err := feed.ParseKind(pos[0])
	if err != nil {
		return usageError{err.Error()}
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	if *region == "" {
		*region, _ = defaultRegion(ctx, a.db.Reader()) // no regions yet: the file belongs to no region
	}
	start := time.Now()
	name := filepath.Base(pos[1])
	res, err := feed.Import(ctx, a.db, a.keys, kind, pos[1], feed.Options{FileName: name,
		Username: cliActor().Username, Region: *region})
	if res != nil {
		printFeedIssues(stderr, name, res)
	}
	if errors.Is(err, feed.ErrRejected) {
		return rejectedError{fmt.Sprintf("%s：发现 %d 处错误，未导入任何数据", name, res.IssueCount)}
	}
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	if res.Duplicate {
		fmt.Fprintf(stdout, "%s 已导入过（文件 #%d，%s，%d 行），本次未导入任何数据\n", name, res.FileID, res.ImportedAt, res.Rows)
	} else {
		fmt.Fprintf(stdout, "%s数据导入完成（%s，文件 #%d）: %d 行，匹配 %d，未匹配 %d，%.1fs\n",
			kind.Label(), res.Encoding, res.FileID, res.Rows, res.Matched, res.Unmatched, secs)
	}
	if *unmatched != "" {
		return writeUnmatched(ctx, a, res.FileID, *unmatched, stdout)
	}
	return nil
}

func printFeedIssues(stderr io.Writer, name string, res *feed.Result) {
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "%s 警告：%s\n", name, w)
	}
	printIssues(stderr, name, res.Issues, res.IssueCount)
}

// writeUnmatched writes the file's unmatched rows for the department.
func writeUnmatched(ctx context.Context, a *app, fileID int64, path string, stdout io.Writer) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = feed.WriteUnmatchedCSV(ctx, a.db.Reader(), fileID, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		fmt.Fprintf(stdout, "未匹配的行已写入 %s\n", path)
	}
	return err
}
