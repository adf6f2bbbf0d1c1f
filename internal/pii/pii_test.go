package pii

import (
	"os"
	"path/filepath"
	"testing"
)

func TestKeyFileRoundTrip(t *testing.T) {
	t.Setenv(KeyEnv, "")
	dir := t.TempDir()
	k1, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	sealed := k1.Seal("62010219800101123X")
	k2, err := LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := k2.Open(sealed)
	if err != nil || got != "62010219800101123X" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if k1.Index("x") != k2.Index("x") || k1.Index("x") == k1.Index("y") {
		t.Error("index not stable or not distinct")
	}
	if string(k1.Seal("a")) == string(k1.Seal("a")) {
		t.Error("Seal reuses nonces")
	}
}

func TestWrongKeyFails(t *testing.T) {
	a, _ := New(make([]byte, 32))
	b32 := make([]byte, 32)
	b32[0] = 1
	b, _ := New(b32)
	if _, err := b.Open(a.Seal("secret")); err == nil {
		t.Fatal("decrypted with the wrong key")
	}
	if a.Index("secret") == b.Index("secret") {
		t.Fatal("index does not depend on the key")
	}
}

func TestDamagedKeyFile(t *testing.T) {
	t.Setenv(KeyEnv, "")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, KeyFile), []byte("not a key"), 0o600)
	if _, err := LoadOrCreate(dir); err == nil {
		t.Fatal("damaged key file accepted")
	}
}

func TestEnvKey(t *testing.T) {
	t.Setenv(KeyEnv, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	dir := t.TempDir()
	if _, err := LoadOrCreate(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFile)); err == nil {
		t.Error("key file written although the key came from the environment")
	}
}
