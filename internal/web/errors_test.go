package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fangpin/internal/auth"
	"fangpin/internal/fault"
	"fangpin/internal/store/storetest"
)

// plot is a state of an imagined new domain package (a field's crop): it
// names itself in both languages, as casework's states do.
type plot string

func (plot) Text() fault.Text { return fault.T("已播种", "sown") }

// TestNewDomainNeedsNoMapping proves that a domain package this package has
// never heard of gets its errors answered right, as a page and as JSON, in
// both languages: the errors are built here, as a new package would build
// them, and go through s.fail with no code of their own in the web layer.
func TestNewDomainNeedsNoMapping(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	s, err := New(Config{DB: db, Auth: auth.NewService(db, auth.WithHashParams(cheapHash)),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		status     int
		code       string
		zh, en     string
		fields     map[string][2]string // field → reason in zh, en
		retryAfter string
	}
	cases := []struct {
		name string
		err  error
		want want
	}{
		{"invalid fields", fmt.Errorf("harvest: plan: %w", fault.InvalidFields(map[string]fault.Text{
			"acres": fault.T("亩数应大于0", "Acres must be above 0"),
			"crop":  fault.T("请选择作物", "Choose a crop"),
		})), want{422, "invalid", "亩数应大于0；请选择作物", "Acres must be above 0; Choose a crop",
			map[string][2]string{"acres": {"亩数应大于0", "Acres must be above 0"}, "crop": {"请选择作物", "Choose a crop"}}, ""}},
		{"invalid on one field", fault.OnField(fault.Invalidt("产量%d公斤不合常理", "A yield of %d kg is implausible", 90000), "yield"),
			want{422, "invalid", "产量90000公斤不合常理", "A yield of 90000 kg is implausible",
				map[string][2]string{"yield": {"产量90000公斤不合常理", "A yield of 90000 kg is implausible"}}, ""}},
		{"not found", fault.NotFoundf("没有这块地", "No such plot"), want{404, "not_found", "没有这块地", "No such plot", nil, ""}},
		{"conflict with a label", fault.Conflictf("当前状态为“%s”，不能收割", "In state “%s”, it cannot be harvested", plot("sown")),
			want{409, "conflict", "当前状态为“已播种”，不能收割", "In state “sown”, it cannot be harvested", nil, ""}},
		{"forbidden", fault.Forbiddenf("“%s”角色不能收割", "The role “%s” may not harvest", auth.RoleViewer),
			want{403, "forbidden", "“只读”角色不能收割", "The role “read-only” may not harvest", nil, ""}},
		{"rate limited", fault.Limited(90*time.Second+time.Millisecond, fault.T("请%d分钟后再试", "Try again in %d minutes", 2)),
			want{429, "rate_limited", "请2分钟后再试", "Try again in 2 minutes", nil, "91"}},
		{"unauthenticated", fault.Unauthenticatedf("令牌已过期", "The token has expired"),
			want{401, "unauthenticated", "令牌已过期", "The token has expired", nil, ""}},
		{"its own code", fault.NotFoundf("地块已注销", "The plot was closed").Coded("plot_closed"),
			want{404, "plot_closed", "地块已注销", "The plot was closed", nil, ""}},
		{"sentinel", fmt.Errorf("harvest: %w", fault.ErrNotFound), want{404, "not_found", "未找到，或不在您的管辖范围内",
			"Not found, or outside your region", nil, ""}},
		{"not a fault", errors.New("harvest: disk full"), want{500, "internal", "服务器内部错误，请稍后再试",
			"Internal server error; please try again later", nil, ""}},
	}
	for _, c := range cases {
		for _, lang := range []string{fault.ZH, fault.EN} {
			msg, reasons := c.want.zh, map[string]string{}
			for k, v := range c.want.fields {
				reasons[k] = v[0]
			}
			if lang == fault.EN {
				msg = c.want.en
				for k, v := range c.want.fields {
					reasons[k] = v[1]
				}
			}
			api := answer(s, "/api/v1/harvest?lang="+lang, c.err)
			var body errorBody
			if err := json.Unmarshal(api.Body.Bytes(), &body); err != nil {
				t.Fatalf("%s %s: %v: %s", c.name, lang, err, api.Body)
			}
			if api.Code != c.want.status || body.Error.Code != c.want.code || body.Error.Message != msg ||
				!maps.Equal(body.Error.Fields, reasons) || api.Header().Get("Retry-After") != c.want.retryAfter {
				t.Errorf("%s, API in %s: %d %+v Retry-After %q", c.name, lang, api.Code, body.Error, api.Header().Get("Retry-After"))
			}
			page := answer(s, "/harvest?lang="+lang, c.err)
			html := page.Body.String()
			if page.Code != c.want.status || !strings.Contains(html, `<html lang="`+lang+`"`) || !strings.Contains(html, msg) {
				t.Errorf("%s, page in %s: %d lacks %q", c.name, lang, page.Code, msg)
			}
			for _, reason := range reasons {
				if !strings.Contains(html, reason) {
					t.Errorf("%s, page in %s lacks the reason %q", c.name, lang, reason)
				}
			}
		}
	}
}

// answer is s.fail's answer to a GET of target with err.
func answer(s *Server, target string, err error) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.fail(rec, httptest.NewRequest(http.MethodGet, target, nil), err)
	return rec
}
