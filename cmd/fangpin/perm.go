package main

import (
	"fmt"
	"os"
	"path/filepath"

	"fangpin/internal/pii"
)

// privateData takes group and other access away from the data folder (0700)
// and the key file (0600): they hold personal data and the key to it. The
// database file is made private where it is opened (store.Open).
func privateData(dir string) error {
	for path, mode := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, pii.KeyFile): 0o600} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(path, mode); err != nil {
			return fmt.Errorf("数据目录权限 %s: %w", path, err)
		}
	}
	return nil
}
