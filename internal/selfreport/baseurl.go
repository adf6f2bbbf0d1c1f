package selfreport

import (
	"context"
	"net"
	"net/url"
	"strings"

	"fangpin/internal/fault"
	"fangpin/internal/store"
	"fangpin/internal/workday"
)

// KeyBaseURL is the setting of the public address farmers' phones reach the
// report form at; without it the QR codes carry the address the page was
// opened at.
const KeyBaseURL = "selfreport.base_url"

// BaseURL returns the public address set for the QR codes, "" when none.
func BaseURL(ctx context.Context, q store.Querier) (string, error) {
	return workday.GetSetting(ctx, q, KeyBaseURL, "")
}

// SetBaseURL checks and stores the public address of the QR codes (an http
// or https address without query; "" clears it) and returns it as stored.
func SetBaseURL(ctx context.Context, q store.Querier, raw string) (string, error) {
	v := strings.TrimRight(strings.TrimSpace(raw), "/")
	if v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return "", fault.Invalidf("base_url", "请填写以 http:// 或 https:// 开头的网址，如 https://fp.example.gov.cn",
				"Write an address starting with http:// or https://, such as https://fp.example.gov.cn")
		}
		if Loopback(v) {
			return "", fault.Invalidf("base_url", "本机地址在手机上打不开，请填写手机能访问的公网地址或域名",
				"A loopback address does not open on phones: write the public address or domain phones can reach")
		}
	}
	return v, workday.SetSetting(ctx, q, KeyBaseURL, v)
}

// Loopback reports whether the address's host is this machine only
// (localhost, 127.0.0.0/8, ::1), which no phone can reach.
func Loopback(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
