package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestBehindProxies: the client's address replaces a trusted proxy's; an
// untrusted peer's X-Forwarded-For is ignored.
func TestBehindProxies(t *testing.T) {
	t.Parallel()
	trusted, err := parseProxies("127.0.0.1, 10.1.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	var got string
	h := behindProxies(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }), trusted)
	for _, c := range []struct{ peer, xff, want string }{
		{"127.0.0.1:5000", "203.0.113.9", "203.0.113.9:0"},
		{"127.0.0.1:5000", "1.2.3.4, 203.0.113.9, 10.1.2.3", "203.0.113.9:0"}, // a forged first hop is not believed
		{"127.0.0.1:5000", "", "127.0.0.1:5000"},
		{"198.51.100.7:5000", "127.0.0.1", "198.51.100.7:5000"}, // not a proxy: its header is ignored
		{"127.0.0.1:5000", "garbage", "127.0.0.1:5000"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("peer %s X-Forwarded-For %q: %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
	if _, err := parseProxies("nonsense"); err == nil {
		t.Error("bad --trusted-proxy accepted")
	}
}

func TestLogFormat(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	l, err := newLogger("json", &b)
	if err != nil {
		t.Fatal(err)
	}
	l.Info("backup", "files", 3)
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil || m["msg"] != "backup" || m["files"] != 3.0 {
		t.Fatalf("%s %v", b.String(), err)
	}
	if code, _, _ := fangpin(t, "--data", t.TempDir(), "serve", "--log-format", "xml"); code != 2 {
		t.Fatalf("--log-format xml: exit %d", code)
	}
}
