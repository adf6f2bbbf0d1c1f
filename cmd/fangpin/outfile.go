package main

import (
	"io"
	"os"
	"path/filepath"
)

// replaceFile writes the file out through a temporary file beside it: write
// fills it, then commit runs (the export's audit entry, or nil for none),
// and only then is the file renamed into place. Any failure leaves out as
// it was and no temporary file behind.
func replaceFile(out string, write func(io.Writer) error, commit func() error) error {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && commit != nil {
		err = commit()
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// exportAction is the audit action of a file of personal data: complete
// numbers or masked ones (as the list exports of the pages write it).
func exportAction(full bool) string {
	if full {
		return "export.full"
	}
	return "export.list"
}
