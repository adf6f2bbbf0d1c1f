package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fangpin/internal/audit"
	"fangpin/internal/backup"
	"fangpin/internal/keyguard"
	"fangpin/internal/store"
)

// cmdBackup runs `backup --out FILE [--with-key]` (docs/cli.md).
func cmdBackup(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	out := fs.String("out", "", "archive to write (.tar.gz)")
	withKey := fs.Bool("with-key", false, "also put the master key in the archive")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || *out == "" {
		return usageError{"用法: backup --out FILE [--with-key]"}
	}
	db, err := openExisting(ctx, g)
	if err != nil {
		return err
	}
	defer db.Close()
	if *withKey {
		fmt.Fprintln(stderr, "fangpin: 警告：备份中含有主密钥，拿到这个文件的人就能解密全部身份证号和电话号码；请与数据分开、加密保管")
	}
	m, err := backup.WriteFile(ctx, db, *out, backup.Options{DataDir: g.data, WithKey: *withKey, Version: version})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "备份已写入 %s：%d 个文件，数据库结构版本 %d\n", *out, len(m.Files), m.Schema)
	if !*withKey {
		fmt.Fprintln(stdout, "备份中不含密钥：请另外保管 fangpin.key（或 FANGPIN_KEY），恢复时需要它")
	}
	return nil
}

// openExisting opens the database without creating or migrating it.
func openExisting(ctx context.Context, g globals) (*store.DB, error) {
	if !store.IsPostgres(g.db) {
		if _, err := os.Stat(strings.TrimPrefix(g.db, "sqlite:")); err != nil {
			return nil, fmt.Errorf("数据库 %s 不存在", g.db)
		}
	}
	return store.Open(ctx, g.db)
}

// cmdRestore runs `restore FILE`: into an empty data folder (and database),
// checked against the manifest, then migrated and its audit chain verified.
func cmdRestore(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	pos, err := parseFlags(newFlags("restore", stderr), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"用法: restore FILE"}
	}
	m, err := backup.Restore(ctx, pos[0], backup.RestoreOptions{DataDir: g.data, DBURL: g.db})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已恢复 %d 个文件（校验通过），备份于 %s，数据库结构版本 %d\n", len(m.Files), m.CreatedAt, m.Schema)
	db, err := store.Open(ctx, g.db)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	n, err := audit.Verify(ctx, db.Reader())
	var be *audit.BrokenError
	if errors.As(err, &be) {
		return fmt.Errorf("审计链在第 %d 条记录处断开：%s", be.ID, be.Reason)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "审计链完整：%d 条记录\n", n)
	if _, _, err := keyguard.Open(ctx, db, g.data); errors.Is(err, keyguard.ErrMissing) {
		fmt.Fprintf(stdout, "备份中没有密钥：把原来的 fangpin.key 放进 %s（或设置 FANGPIN_KEY），再运行 fangpin key check\n", g.data)
	} else if err != nil {
		return err
	} else {
		fmt.Fprintln(stdout, "密钥与数据库匹配")
	}
	return nil
}

// scheduledBackups writes an archive into dir at start and then every
// interval, and keeps the newest keep of them.
func scheduledBackups(ctx context.Context, a *app, dir string, interval time.Duration, keep int, log *slog.Logger) {
	every(ctx, interval, func() {
		path := filepath.Join(dir, "fangpin-"+time.Now().UTC().Format("20060102T150405Z")+".tar.gz")
		start := time.Now()
		m, err := backup.WriteFile(ctx, a.db, path, backup.Options{DataDir: a.data, Version: version})
		if err != nil {
			if ctx.Err() == nil {
				log.Error("backup", "err", err)
			}
			return
		}
		log.Info("backup", "file", path, "files", len(m.Files), "seconds", time.Since(start).Seconds())
		if err := prune(dir, keep); err != nil {
			log.Error("backup retention", "err", err)
		}
	})
}

// prune removes all but the newest keep archives written by scheduledBackups.
func prune(dir string, keep int) error {
	old, err := filepath.Glob(filepath.Join(dir, "fangpin-*T*Z.tar.gz"))
	if err != nil {
		return err
	}
	sort.Strings(old) // the names sort by time
	for len(old) > keep {
		if err := os.Remove(old[0]); err != nil {
			return err
		}
		old = old[1:]
	}
	return nil
}
