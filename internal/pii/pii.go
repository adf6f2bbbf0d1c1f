// Package pii protects personal data at rest: AES-256-GCM encryption of ID and
// phone numbers, and a keyed HMAC index that finds and matches them without
// decrypting anything.
package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// KeyFile is the name of the key file in the data folder.
const KeyFile = "fangpin.key"

// KeyEnv names the environment variable that may hold the master key
// (base64 of 32 bytes) instead of the key file.
const KeyEnv = "FANGPIN_KEY"

// Keys encrypts and indexes personal fields. It is safe for concurrent use.
// It seals and indexes with its primary key; Open also tries the other keys
// it holds (during a key rotation, see Swap).
type Keys struct {
	set atomic.Pointer[keyset]
}

// keyset is a primary key and the keys Open falls back on.
type keyset struct {
	primary *key
	others  []*key
}

type key struct {
	aead    cipher.AEAD
	macKey  []byte
	macPool sync.Pool
	check   string
	master  []byte
}

// ErrNoKey is returned by Load when neither $FANGPIN_KEY nor the key file
// exists.
var ErrNoKey = errors.New("pii: no key")

// Load reads the master key from $FANGPIN_KEY or from the key file in
// dataDir; it returns ErrNoKey when neither exists (it never creates one).
func Load(dataDir string) (*Keys, error) {
	if k, err := FromEnv(); k != nil || err != nil {
		return k, err
	}
	k, err := ReadFile(filepath.Join(dataDir, KeyFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoKey
	}
	return k, err
}

// FromEnv returns the key in $FANGPIN_KEY, or nil when the variable is
// empty.
func FromEnv() (*Keys, error) {
	v := strings.TrimSpace(os.Getenv(KeyEnv))
	if v == "" {
		return nil, nil
	}
	k, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(k) != 32 {
		return nil, fmt.Errorf("pii: %s must be base64 of 32 bytes", KeyEnv)
	}
	return New(k)
}

// ReadFile reads a key file (base64 of 32 bytes).
func ReadFile(path string) (*Keys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(k) != 32 {
		return nil, fmt.Errorf("pii: key file %s is damaged (want base64 of 32 bytes)", path)
	}
	return New(k)
}

// Create writes a new random key to the key file in dataDir (mode 0600; it
// refuses to replace an existing file) and returns it.
func Create(dataDir string) (*Keys, error) { return create(filepath.Join(dataDir, KeyFile)) }

// Generate returns a new random key without writing it anywhere.
func Generate() (*Keys, error) {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("pii: new key: %w", err)
	}
	return New(k)
}

// WriteFile writes the key to path (mode 0600), replacing it atomically
// through a temporary file that is synced first.
func (k *Keys) WriteFile(path string) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("pii: write key file: %w", err)
	}
	_, err = f.WriteString(k.Encoded() + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("pii: write key file: %w", err)
	}
	return nil
}

// Encoded is the primary master key in base64, as in the key file and
// $FANGPIN_KEY.
func (k *Keys) Encoded() string {
	return base64.StdEncoding.EncodeToString(k.set.Load().primary.master)
}

// Check is the key check value of the primary key: a keyed hash of a
// constant, stored in the database so that a wrong or missing key is noticed
// before any data is touched. It reveals nothing of the key.
func (k *Keys) Check() string { return k.set.Load().primary.check }

// Checks lists the check values of every key held, the primary first.
func (k *Keys) Checks() []string {
	s := k.set.Load()
	out := []string{s.primary.check}
	for _, o := range s.others {
		out = append(out, o.check)
	}
	return out
}

// Swap makes primary's key the one that seals and indexes, keeping every
// key of fallbacks (and the previous primary) for Open. Callers holding k
// see the change at once.
func (k *Keys) Swap(primary *Keys, fallbacks ...*Keys) {
	p := primary.set.Load().primary
	ns := &keyset{primary: p}
	seen := map[string]bool{p.check: true}
	add := func(s *keyset) {
		for _, c := range append([]*key{s.primary}, s.others...) {
			if !seen[c.check] {
				seen[c.check] = true
				ns.others = append(ns.others, c)
			}
		}
	}
	for _, f := range fallbacks {
		add(f.set.Load())
	}
	if old := k.set.Load(); old != nil {
		add(old)
	}
	k.set.Store(ns)
}

// LoadOrCreate reads the master key from $FANGPIN_KEY or from the key file in
// dataDir, creating the file (mode 0600) with a new random key when neither
// exists.
func LoadOrCreate(dataDir string) (*Keys, error) {
	k, err := Load(dataDir)
	if errors.Is(err, ErrNoKey) {
		return create(filepath.Join(dataDir, KeyFile))
	}
	return k, err
}

func create(path string) (*Keys, error) {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("pii: new key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("pii: create data folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // another process won the race: use its key
		return LoadOrCreate(filepath.Dir(path))
	}
	if err != nil {
		return nil, fmt.Errorf("pii: create key file: %w", err)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(k) + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("pii: write key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("pii: write key file: %w", err)
	}
	return New(k)
}

// New derives the encryption and index keys from a 32-byte master key.
func New(master []byte) (*Keys, error) {
	encKey, err := hkdf.Key(sha256.New, master, nil, "fangpin aes-gcm v1", 32)
	if err != nil {
		return nil, err
	}
	macKey, err := hkdf.Key(sha256.New, master, nil, "fangpin hmac index v1", 32)
	if err != nil {
		return nil, err
	}
	checkKey, err := hkdf.Key(sha256.New, master, nil, "fangpin key check v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, checkKey)
	m.Write([]byte("fangpin key check value"))
	c := &key{aead: aead, macKey: macKey, master: append([]byte(nil), master...),
		check: hex.EncodeToString(m.Sum(nil)[:16])}
	c.macPool.New = func() any { return hmac.New(sha256.New, c.macKey) }
	k := &Keys{}
	k.set.Store(&keyset{primary: c})
	return k, nil
}

// Seal encrypts a value with the primary key; the result starts with a
// random nonce.
func (k *Keys) Seal(plain string) []byte {
	a := k.set.Load().primary.aead
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(plain)+a.Overhead())
	rand.Read(nonce)
	return a.Seal(nonce, nonce, []byte(plain), nil)
}

// Open decrypts what Seal produced, with the primary key or, failing that,
// any other key held (GCM tells a wrong key from the right one).
func (k *Keys) Open(sealed []byte) (string, error) {
	s := k.set.Load()
	p, err := s.primary.open(sealed)
	for _, o := range s.others {
		if err == nil {
			break
		}
		p, err = o.open(sealed)
	}
	return p, err
}

// OpenPrimary decrypts with the primary key only.
func (k *Keys) OpenPrimary(sealed []byte) (string, error) { return k.set.Load().primary.open(sealed) }

func (c *key) open(sealed []byte) (string, error) {
	ns := c.aead.NonceSize()
	if len(sealed) < ns {
		return "", errors.New("pii: ciphertext too short")
	}
	p, err := c.aead.Open(nil, sealed[:ns], sealed[ns:], nil)
	if err != nil {
		return "", fmt.Errorf("pii: decrypt: %w", err)
	}
	return string(p), nil
}

// Index returns the keyed index of a value (hex of the first 16 bytes of
// HMAC-SHA256): equal values give equal indexes; the value cannot be
// recovered without the key.
func (k *Keys) Index(plain string) string {
	c := k.set.Load().primary
	m := c.macPool.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(plain))
	var sum [32]byte
	out := m.Sum(sum[:0])
	c.macPool.Put(m)
	return hex.EncodeToString(out[:16])
}
