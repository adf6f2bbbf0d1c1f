package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/keyguard"
	"fangpin/internal/pii"
)

// cmdKey runs `key check` and `key rotate` (docs/cli.md).
func cmdKey(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"key 需要子命令 check 或 rotate"}
	}
	fs := newFlags("key "+args[0], stderr)
	settle := fs.Duration("settle", 15*time.Second, "wait for running servers to follow the new key")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"key " + args[0] + " 不接受位置参数"}
	}
	switch args[0] {
	case "check":
		a, err := openApp(ctx, g)
		if err != nil {
			return err
		}
		defer a.Close()
		_, st, err := keyguard.Open(ctx, a.db, g.data)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "密钥与数据库匹配 (key matches), 校验值 %s\n", st.Check)
		if st.Rotating {
			fmt.Fprintln(stdout, "密钥轮换尚未完成：请再次运行 fangpin key rotate")
		}
		return nil
	case "rotate":
		a, err := openApp(ctx, g)
		if err != nil {
			return err
		}
		defer a.Close()
		rep, err := keyguard.Rotate(ctx, a.db, g.data, keyguard.RotateOptions{Settle: *settle,
			Log: func(f string, args ...any) { fmt.Fprintf(stdout, f+"\n", args...) }})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "密钥已轮换 (key rotated): %d 行已重新加密或重建索引, 新校验值 %s\n", rep.Rewritten, rep.Check)
		if rep.Orphans > 0 {
			fmt.Fprintf(stdout, "%d 条尚未匹配的部门数据行保留旧索引，今后不会再匹配到新登记的人员；需要时重新导入这些部门文件\n", rep.Orphans)
		}
		if os.Getenv(pii.KeyEnv) != "" {
			fmt.Fprintf(stdout, "使用了环境变量 %s：请把它改为 %s/%s 的内容，再重启服务\n", pii.KeyEnv, g.data, keyguard.NextFile)
		} else {
			fmt.Fprintf(stdout, "旧密钥保存在 %s/%s：确认备份已更新后再删除\n", g.data, keyguard.OldFile)
		}
		return audit.New(a.db).Append(ctx, audit.Event{Action: "key.rotate", Entity: "key", EntityID: rep.Check,
			Detail: map[string]any{"rows": rep.Rewritten, "orphans": rep.Orphans}})
	}
	return usageError{fmt.Sprintf("未知子命令 key %s", args[0])}
}
