package auth

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// HashParams are argon2id's cost parameters.
type HashParams struct {
	Time    uint32 // passes over memory
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultHashParams: 64 MiB, 2 passes, 2 lanes. Above OWASP's minimum
// (19 MiB, 2 passes) and near RFC 9106's second option (64 MiB, 3 passes);
// about 0.1 s per hash on a 2-core server (BenchmarkHashPassword). The
// Service runs at most GOMAXPROCS hashes at once, so a burst of logins
// needs at most GOMAXPROCS × 64 MiB.
var DefaultHashParams = HashParams{Time: 2, Memory: 64 << 10, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
)

var b64 = base64.RawStdEncoding // PHC strings use unpadded standard base64

// hashPassword returns the PHC string of password:
// $argon2id$v=19$m=65536,t=2,p=2$SALT$HASH.
func hashPassword(password string, p HashParams) string {
	salt := randomBytes(saltLen)
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	return encodePHC(p, salt, key)
}

func encodePHC(p HashParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// phc is a parsed argon2id PHC string.
type phc struct {
	params    HashParams
	salt, key []byte
}

var errBadHash = errors.New("auth: malformed password hash")

// parsePHC reads an argon2id PHC string, refusing costs no sane
// configuration would have (so a corrupted row cannot exhaust memory).
func parsePHC(s string) (phc, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return phc{}, errBadHash
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return phc{}, fmt.Errorf("%w: version %q", errBadHash, parts[2])
	}
	params, err := parseParams(parts[3])
	if err != nil {
		return phc{}, err
	}
	h := phc{params: params}
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return phc{}, fmt.Errorf("%w: salt", errBadHash)
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) < 16 {
		return phc{}, fmt.Errorf("%w: key", errBadHash)
	}
	return h, nil
}

// parseParams reads "m=65536,t=2,p=2" exactly.
func parseParams(s string) (HashParams, error) {
	var m, t, p uint64
	if n, err := fmt.Sscanf(s, "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || n != 3 ||
		fmt.Sprintf("m=%d,t=%d,p=%d", m, t, p) != s {
		return HashParams{}, fmt.Errorf("%w: parameters %q", errBadHash, s)
	}
	if t < 1 || t > 64 || p < 1 || p > 64 || m < 8*p || m > 4<<20 {
		return HashParams{}, fmt.Errorf("%w: parameters %q out of range", errBadHash, s)
	}
	return HashParams{Time: uint32(t), Memory: uint32(m), Threads: uint8(p)}, nil
}

// verifyPassword reports whether password matches the PHC string, comparing
// in constant time with the parameters read from the string.
func verifyPassword(encoded, password string) (bool, error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	p := h.params
	key := argon2.IDKey([]byte(password), h.salt, p.Time, p.Memory, p.Threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1, nil
}
