package lifecycle

import (
	"context"
	"io"
	"os"

	"fangpin/internal/demo"
	"fangpin/internal/project"
	"fangpin/internal/store"
)

// projects writes and imports the demo city's project library, its
// beneficiaries and the chain output (demo.ProjectCSV).
func (l *run) projects(ctx context.Context, dir string) error {
	files := &tempFiles{dir: dir, paths: map[string]string{}}
	defer files.remove()
	sum, err := demo.ProjectCSV(l.cfg, files.create)
	if err != nil {
		return err
	}
	if err := files.sync(); err != nil {
		return err
	}
	for _, k := range demo.ProjectKinds {
		if _, err := project.Import(as(ctx, system), l.db, store.ScopeAll(), k, files.paths[k], system.Username); err != nil {
			return err
		}
	}
	l.sum.Projects, l.sum.Beneficiaries = sum["projects"], sum["beneficiaries"]
	return nil
}

// tempFiles are the demo's generated files of one step, by kind, in dir.
type tempFiles struct {
	dir   string
	files []*os.File
	paths map[string]string
}

// create makes the file of kind.
func (t *tempFiles) create(kind string) (io.Writer, error) {
	f, err := os.CreateTemp(t.dir, "demo-"+kind+"-*.csv")
	if err != nil {
		return nil, err
	}
	t.files, t.paths[kind] = append(t.files, f), f.Name()
	return f, nil
}

// sync puts every file on disk before it is imported.
func (t *tempFiles) sync() error {
	for _, f := range t.files {
		if err := f.Sync(); err != nil {
			return err
		}
	}
	return nil
}

// remove closes and deletes every file.
func (t *tempFiles) remove() {
	for _, f := range t.files {
		f.Close()
		os.Remove(f.Name())
	}
}
