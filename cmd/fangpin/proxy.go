package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// parseProxies reads --trusted-proxy: comma-separated addresses or CIDR
// prefixes of the reverse proxies in front of serve.
func parseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, usageError{fmt.Sprintf("--trusted-proxy: %q 不是地址或网段", f)}
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--trusted-proxy: %q 不是地址或网段", f)}
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// behindProxies makes a request that came through a trusted reverse proxy
// carry the client's address: the right-most X-Forwarded-For address that is
// not itself a trusted proxy becomes RemoteAddr, so that the limits per
// address, the audit log and the loopback checks see the client, not the
// proxy. Requests from anywhere else are left alone (their header is not
// believed).
func behindProxies(h http.Handler, trusted []netip.Prefix) http.Handler {
	if len(trusted) == 0 {
		return h
	}
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		peer, perr := netip.ParseAddr(host)
		if err == nil && perr == nil && isTrusted(peer) {
			hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break
				}
				if !isTrusted(a) || i == 0 {
					r2 := r.Clone(r.Context())
					r2.RemoteAddr = net.JoinHostPort(a.Unmap().String(), "0")
					r = r2
					break
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// newLogger is serve's logger: text (the default) or one JSON object a line
// (--log-format json), for a log collector.
func newLogger(format string, w io.Writer) (*slog.Logger, error) {
	switch format {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, usageError{fmt.Sprintf("--log-format 只能是 text 或 json，不是 %q", format)}
}
