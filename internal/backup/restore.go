package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"fangpin/internal/store"
)

// ErrNotEmpty is returned by Restore for a data folder that holds anything.
var ErrNotEmpty = errors.New("恢复只能写入空的数据目录 (the data folder is not empty)")

// RestoreOptions name where an archive is restored.
type RestoreOptions struct {
	DataDir string // must be empty or absent
	DBURL   string // a SQLite path that must not exist, or an empty PostgreSQL database
}

// Restore unpacks an archive into an empty data folder and database,
// checking every file against the manifest's SHA-256 and refusing a schema
// newer than this binary. On any failure it removes what it wrote.
func Restore(ctx context.Context, archive string, o RestoreOptions) (m Manifest, err error) {
	if ents, err := os.ReadDir(o.DataDir); err == nil && len(ents) > 0 {
		return m, ErrNotEmpty
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return m, err
	}
	pg := store.IsPostgres(o.DBURL)
	dbPath := strings.TrimPrefix(o.DBURL, "sqlite:")
	if !pg {
		if _, err := os.Stat(dbPath); err == nil {
			return m, fmt.Errorf("恢复不会覆盖已有的数据库 %s", dbPath)
		}
	}
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return m, err
	}
	var written []string
	defer func() {
		if err != nil { // leave the folder as empty as it was found
			for i := len(written) - 1; i >= 0; i-- {
				os.Remove(written[i])
			}
			for _, d := range Folders {
				os.RemoveAll(filepath.Join(o.DataDir, d))
			}
		}
	}()
	f, err := os.Open(archive)
	if err != nil {
		return m, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return m, fmt.Errorf("备份文件已损坏: %w", err)
	}
	tr := tar.NewReader(gz)
	got := map[string]File{}
	dump := ""
	var manifest []byte
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return m, fmt.Errorf("备份文件已损坏: %w", err)
		}
		if h.Name == ManifestName {
			if manifest, err = io.ReadAll(io.LimitReader(tr, 64<<20)); err != nil {
				return m, fmt.Errorf("备份文件已损坏: %w", err)
			}
			continue
		}
		dest, err := target(h.Name, o.DataDir, dbPath, pg)
		if err != nil {
			return m, err
		}
		if h.Name == PGDumpName {
			dump = dest
		}
		if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
			return m, err
		}
		out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return m, err
		}
		written = append(written, dest)
		sum := sha256.New()
		n, err := io.Copy(io.MultiWriter(out, sum), tr)
		if err == nil {
			err = out.Sync()
		}
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return m, fmt.Errorf("备份文件已损坏: %s: %w", h.Name, err)
		}
		got[h.Name] = File{Path: h.Name, Size: n, SHA256: hex.EncodeToString(sum.Sum(nil))}
	}
	if manifest == nil {
		return m, errors.New("备份文件不完整：没有清单 manifest.json")
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return m, fmt.Errorf("备份清单无法读取: %w", err)
	}
	for _, want := range m.Files {
		if g, ok := got[want.Path]; !ok || g != want {
			return m, fmt.Errorf("校验失败：%s 与清单中的 SHA-256 不符或缺失，备份已损坏", want.Path)
		}
		delete(got, want.Path)
	}
	for p := range got {
		return m, fmt.Errorf("校验失败：%s 不在清单中", p)
	}
	if max := store.EmbeddedVersion(); m.Schema > max {
		return m, fmt.Errorf("备份的数据库结构版本 %d 比本程序的 %d 新：请用备份时的 fangpin 版本（%s）或更新的版本恢复", m.Schema, max, m.Fangpin)
	}
	if (m.Dialect == string(store.Postgres)) != pg {
		return m, fmt.Errorf("这是 %s 数据库的备份：用 --db 指定同类数据库", m.Dialect)
	}
	if pg {
		defer os.Remove(dump)
		if err := pgRestore(ctx, o.DBURL, dump); err != nil {
			return m, err
		}
	}
	return m, nil
}

// target is where an archive entry goes; names outside the known set are
// refused (no path leaves the data folder).
func target(name, dataDir, dbPath string, pg bool) (string, error) {
	clean := path.Clean(name)
	switch {
	case clean != name || strings.HasPrefix(name, "/") || strings.Contains(name, ".."):
	case name == SQLiteName && !pg:
		return dbPath, nil
	case name == PGDumpName && pg:
		return filepath.Join(dataDir, ".restore.pgdump"), nil
	case name == KeyName:
		return filepath.Join(dataDir, KeyName), nil
	default:
		for _, d := range Folders {
			if strings.HasPrefix(name, d+"/") {
				return filepath.Join(dataDir, filepath.FromSlash(name)), nil
			}
		}
	}
	return "", fmt.Errorf("备份文件中有不认识的条目 %q", name)
}

// pgRestore loads a dump into an empty PostgreSQL database.
func pgRestore(ctx context.Context, dsn, dump string) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	var n int
	err = db.Reader().QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&n)
	db.Close()
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("恢复只能写入空的 PostgreSQL 数据库（已有 %d 张表）", n)
	}
	bin, err := pgTool("pg_restore")
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "--no-owner", "--exit-on-error", "--dbname", dsn, dump)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_restore: %v: %s", err, strings.TrimSpace(string(b)))
	}
	return nil
}
