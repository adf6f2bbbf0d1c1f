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
)

// KeyFile is the name of the key file in the data folder.
const KeyFile = "fangpin.key"

// KeyEnv names the environment variable that may hold the master key
// (base64 of 32 bytes) instead of the key file.
const KeyEnv = "FANGPIN_KEY"

// Keys encrypts and indexes personal fields. It is safe for concurrent use.
type Keys struct {
	aead    cipher.AEAD
	macKey  []byte
	macPool sync.Pool
}

// LoadOrCreate reads the master key from $FANGPIN_KEY or from the key file in
// dataDir, creating the file (mode 0600) with a new random key when neither
// exists.
func LoadOrCreate(dataDir string) (*Keys, error) {
	if v := strings.TrimSpace(os.Getenv(KeyEnv)); v != "" {
		k, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(k) != 32 {
			return nil, fmt.Errorf("pii: %s must be base64 of 32 bytes", KeyEnv)
		}
		return New(k)
	}
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return create(path)
	}
	if err != nil {
		return nil, fmt.Errorf("pii: read key file: %w", err)
	}
	k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(k) != 32 {
		return nil, fmt.Errorf("pii: key file %s is damaged (want base64 of 32 bytes)", path)
	}
	return New(k)
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
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	k := &Keys{aead: aead, macKey: macKey}
	k.macPool.New = func() any { return hmac.New(sha256.New, k.macKey) }
	return k, nil
}

// Seal encrypts a value; the result starts with a random nonce.
func (k *Keys) Seal(plain string) []byte {
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plain)+k.aead.Overhead())
	rand.Read(nonce)
	return k.aead.Seal(nonce, nonce, []byte(plain), nil)
}

// Open decrypts what Seal produced.
func (k *Keys) Open(sealed []byte) (string, error) {
	ns := k.aead.NonceSize()
	if len(sealed) < ns {
		return "", errors.New("pii: ciphertext too short")
	}
	p, err := k.aead.Open(nil, sealed[:ns], sealed[ns:], nil)
	if err != nil {
		return "", fmt.Errorf("pii: decrypt: %w", err)
	}
	return string(p), nil
}

// Index returns the keyed index of a value (hex of the first 16 bytes of
// HMAC-SHA256): equal values give equal indexes; the value cannot be
// recovered without the key.
func (k *Keys) Index(plain string) string {
	m := k.macPool.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(plain))
	var sum [32]byte
	out := m.Sum(sum[:0])
	k.macPool.Put(m)
	return hex.EncodeToString(out[:16])
}
