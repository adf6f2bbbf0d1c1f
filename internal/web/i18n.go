package web

import (
	"fmt"
	"net/http"
	"strings"
)

// Languages of the message catalogue; zh is the default.
const (
	langZH = "zh-CN"
	langEN = "en"
)

var languages = []string{langZH, langEN}

// langCookie remembers a language chosen with ?lang=.
const langCookie = "lang"

// translator looks up UI strings in one language, falling back to Chinese and
// then to the key itself (which a test forbids).
type translator struct{ lang string }

func (t translator) T(key string) string {
	if m, ok := catalogue[key]; ok {
		if t.lang == langEN && m[1] != "" {
			return m[1]
		}
		return m[0]
	}
	return key
}

// or translates prefix+value when the catalogue has it, else shows the
// value itself (for stored codes such as a history entry's source).
func (t translator) or(prefix, value string) string {
	if _, ok := catalogue[prefix+value]; ok {
		return t.T(prefix + value)
	}
	return value
}

// Tf formats a catalogue entry that holds fmt verbs.
func (t translator) Tf(key string, args ...any) string {
	return fmt.Sprintf(t.T(key), args...)
}

// pickLang chooses the language of a request: ?lang= (remembered in a
// cookie), then the cookie, else Chinese. Accept-Language is not consulted:
// the users work in Chinese whatever their browser says, and English is a
// choice made on the page.
func pickLang(w http.ResponseWriter, r *http.Request) string {
	if l, ok := normLang(r.URL.Query().Get("lang")); ok {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := normLang(c.Value); ok {
			return l
		}
	}
	return langZH
}

// normLang maps a language tag to a catalogue language.
func normLang(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "en" || strings.HasPrefix(s, "en-"):
		return langEN, true
	case s == "zh" || strings.HasPrefix(s, "zh-"):
		return langZH, true
	}
	return "", false
}
