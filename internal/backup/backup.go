// Package backup writes and restores fangpin's backup archives: a gzip'd tar
// of a consistent snapshot of the database (SQLite's VACUUM INTO, or pg_dump
// for PostgreSQL), the data folder's photos and waiting uploads, and a
// manifest with every file's SHA-256 and the schema version. The master key
// is left out unless asked for (docs/operations.md).
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
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fangpin/internal/pii"
	"fangpin/internal/store"
)

// The names inside an archive.
const (
	ManifestName = "manifest.json"
	SQLiteName   = "fangpin.db"
	PGDumpName   = "fangpin.pgdump" // pg_dump --format=custom
	KeyName      = pii.KeyFile
)

// Folders are the data folder's sub-folders an archive holds: the photos of
// self-reports and of home visits, and department uploads waiting for import.
var Folders = []string{"reports", "visits", "uploads"}

// Manifest describes an archive; it is its last entry.
type Manifest struct {
	Format    int    `json:"format"`
	Fangpin   string `json:"fangpin_version"`
	Schema    int64  `json:"schema_version"`
	Dialect   string `json:"dialect"`
	CreatedAt string `json:"created_at"`
	WithKey   bool   `json:"with_key"`
	Files     []File `json:"files"`
}

// File is one entry of the archive.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Options tune Write.
type Options struct {
	DataDir string
	WithKey bool   // put the master key in the archive (see docs/operations.md)
	Version string // fangpin's version, for the manifest
	TempDir string // where the database snapshot is made (default: beside the archive)
}

// WriteFile writes an archive to path atomically (a temporary file renamed
// when complete), mode 0600.
func WriteFile(ctx context.Context, db *store.DB, path string, o Options) (Manifest, error) {
	if o.TempDir == "" {
		o.TempDir = filepath.Dir(path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fangpin-backup-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	m, err := Write(ctx, db, tmp, o)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// Write writes an archive to w: the database snapshot first, then the
// folders' files (a file removed meanwhile is skipped), then the manifest.
func Write(ctx context.Context, db *store.DB, w io.Writer, o Options) (Manifest, error) {
	m := Manifest{Format: 1, Fangpin: o.Version, Dialect: string(db.Dialect), WithKey: o.WithKey,
		CreatedAt: time.Now().UTC().Format(time.RFC3339)}
	var err error
	if m.Schema, _, err = db.Versions(ctx); err != nil {
		return m, err
	}
	if o.TempDir == "" {
		o.TempDir = os.TempDir()
	}
	snapDir, err := os.MkdirTemp(o.TempDir, ".fangpin-snapshot-")
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(snapDir)
	snap, name := filepath.Join(snapDir, "db"), SQLiteName
	if db.Dialect == store.Postgres {
		name = PGDumpName
		if err := pgDump(ctx, db.DSN(), snap); err != nil {
			return m, err
		}
	} else if err := db.Snapshot(ctx, snap); err != nil {
		return m, err
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	add := func(name, src string) error {
		f, err := os.Open(src)
		if errors.Is(err, fs.ErrNotExist) && name != SQLiteName && name != PGDumpName {
			return nil // a photo removed since the walk
		}
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime(),
			Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(tw, h), io.LimitReader(f, st.Size()))
		if err != nil {
			return err
		}
		if n != st.Size() {
			return fmt.Errorf("%s shrank while being read", src)
		}
		m.Files = append(m.Files, File{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))})
		return ctx.Err()
	}
	if err := add(name, snap); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	for _, dir := range Folders {
		var files []string
		err := filepath.WalkDir(filepath.Join(o.DataDir, dir), func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return m, fmt.Errorf("backup: %w", err)
		}
		sort.Strings(files)
		for _, p := range files {
			rel, _ := filepath.Rel(o.DataDir, p)
			if err := add(filepath.ToSlash(rel), p); err != nil {
				return m, fmt.Errorf("backup: %w", err)
			}
		}
	}
	if o.WithKey {
		kf, err := os.CreateTemp(snapDir, "key")
		if err != nil {
			return m, err
		}
		keys, err := pii.Load(o.DataDir)
		if err == nil {
			_, err = kf.WriteString(keys.Encoded() + "\n")
		}
		kf.Close()
		if err == nil {
			err = add(KeyName, kf.Name())
		}
		if err != nil {
			return m, fmt.Errorf("backup: key: %w", err)
		}
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(b)),
		ModTime: time.Now(), Typeflag: tar.TypeReg}); err != nil {
		return m, err
	}
	if _, err := tw.Write(b); err != nil {
		return m, err
	}
	if err := tw.Close(); err != nil {
		return m, err
	}
	return m, gz.Close()
}

// pgTool finds a PostgreSQL client program: on PATH, else under
// /usr/lib/postgresql/*/bin (Debian keeps them there).
func pgTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(m) > 0 {
		sort.Strings(m)
		return m[len(m)-1], nil
	}
	return "", fmt.Errorf("backup: %s not found (install postgresql-client)", name)
}

func pgDump(ctx context.Context, dsn, out string) error {
	bin, err := pgTool("pg_dump")
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--file", out, "--dbname", dsn)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("backup: pg_dump: %v: %s", err, strings.TrimSpace(string(b)))
	}
	return nil
}
