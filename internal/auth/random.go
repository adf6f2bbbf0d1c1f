package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// randomBytes returns n bytes from the system's secure generator (which
// since Go 1.24 never fails: it crashes the program instead).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// randomToken returns n random bytes in unpadded base64url.
func randomToken(n int) string { return base64.RawURLEncoding.EncodeToString(randomBytes(n)) }

// digest is the stored form of a session or API token: hex SHA-256. The
// tokens carry 256 random bits, so a plain hash is enough (no salt, no
// stretching), and it allows lookup by equality.
func digest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
