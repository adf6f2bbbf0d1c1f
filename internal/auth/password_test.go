package auth

import (
	"errors"
	"strings"
	"testing"

	"fangpin/internal/fault"
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password, username string
		want               string // part of the error; "" for accepted
	}{
		{"Gansu-Jinchang-7x", "zhang", ""},
		{"长城脚下的Village-12", "zhang", ""},
		{"correct horse battery staple 9", "", ""},
		{"Aa1!short", "", "至少需要10个字符"},
		{"password", "", "至少需要10个字符"},
		{"12345678", "", "至少需要10个字符"},
		{"admin123", "", "至少需要10个字符"},
		{"qwerty", "", "至少需要10个字符"},
		{"Aa123456", "", "至少需要10个字符"},
		{"P@ssw0rd", "", "至少需要10个字符"},
		{strings.Repeat("Ab1!", 33), "", "不能超过128个字符"},
		{"P@ssw0rd123", "", "过于常见"},
		{"Password123!", "", "过于常见"},
		{"Admin@123456", "", "过于常见"},
		{"Aa123456789", "", "过于常见"},
		{"1qaz@WSX3edc", "", "过于常见"},
		{"Qwerty2026!!", "", "过于常见"},
		{"!!P4$$w0rd!!", "", "过于常见"},
		{"Fangpin@2026", "", "过于常见"},
		{"Woaini1314!", "", "过于常见"},
		{"zhang-Secret-99", "zhang", "不能包含用户名"},
		{"ZHANG-Secret-99", "zhang", "不能包含用户名"},
		{"alllowercase", "", "至少三类"},
		{"lowerand123456", "", "至少三类"},
		{"ALLUPPER-----", "", "至少三类"},
		{"1234567890123", "", "至少三类"},
	}
	for _, tt := range tests {
		err := CheckPassword(tt.password, tt.username)
		if tt.want == "" {
			if err != nil {
				t.Errorf("CheckPassword(%q) = %v, want ok", tt.password, err)
			}
			continue
		}
		if !fault.InvalidOn(err, "password") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckPassword(%q) = %v, want %q", tt.password, err, tt.want)
		}
	}
}

func TestHashRoundTrip(t *testing.T) {
	h := hashPassword("Gansu-Jinchang-7x", cheap)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if h2 := hashPassword("Gansu-Jinchang-7x", cheap); h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
	for pw, want := range map[string]bool{"Gansu-Jinchang-7x": true, "Gansu-Jinchang-7X": false, "": false} {
		ok, err := verifyPassword(h, pw)
		if err != nil || ok != want {
			t.Errorf("verify(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
}

func TestParsePHC(t *testing.T) {
	salt, key := "c2FsdHNhbHRzYWx0c2FsdA", "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
	ok := []struct {
		in   string
		want HashParams
	}{
		{"$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$" + key, HashParams{Time: 2, Memory: 65536, Threads: 2}},
		{"$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key, HashParams{Time: 2, Memory: 19456, Threads: 1}},
	}
	for _, tt := range ok {
		h, err := parsePHC(tt.in)
		if err != nil || h.params != tt.want || len(h.salt) != 16 || len(h.key) != 32 {
			t.Errorf("parsePHC(%q) = %+v, %v", tt.in, h, err)
		}
	}
	bad := []string{
		"",
		"plaintext",
		"$argon2i$v=19$m=65536,t=2,p=2$" + salt + "$" + key,
		"$argon2id$v=16$m=65536,t=2,p=2$" + salt + "$" + key,
		"$argon2id$v=19x$m=65536,t=2,p=2$" + salt + "$" + key,
		"$argon2id$v=19$t=2,m=65536,p=2$" + salt + "$" + key,
		"$argon2id$v=19$m=65536,t=2,p=2,x=1$" + salt + "$" + key,
		"$argon2id$v=19$m=99999999,t=2,p=2$" + salt + "$" + key,
		"$argon2id$v=19$m=65536,t=0,p=2$" + salt + "$" + key,
		"$argon2id$v=19$m=65536,t=2,p=0$" + salt + "$" + key,
		"$argon2id$v=19$m=65536,t=2,p=2$!!$" + key,
		"$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$" + key + "$",
		"$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$a2V5",
	}
	for _, s := range bad {
		if _, err := parsePHC(s); !errors.Is(err, errBadHash) {
			t.Errorf("parsePHC(%q) err = %v, want errBadHash", s, err)
		}
		if _, err := verifyPassword(s, "x"); err == nil {
			t.Errorf("verifyPassword(%q) accepted", s)
		}
	}
}

// BenchmarkHashPassword measures the production cost (DefaultHashParams).
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		hashPassword("Gansu-Jinchang-7x", DefaultHashParams)
	}
}
