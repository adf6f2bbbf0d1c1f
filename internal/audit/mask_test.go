package audit_test

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/audit"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

func TestMasked(t *testing.T) {
	cases := []struct{ field, value, want string }{
		{"id_number", "62010219800101123X", "620102********123X"},
		{"证件号码", "62010219800101123X", "620102********123X"},
		{"member.身份证号", "62010219800101123X", "620102********123X"},
		{"head_id_number", "62010219800101123X", "620102********123X"},
		{"phone", "13812341234", "138****1234"},
		{"Household.Phone", "13812341234", "138****1234"},
		{"户联系电话", "0931-8123456", "093*****3456"},
		{"成员联系电话", "13812341234", "138****1234"},
		{"id_number", "620102********123X", "620102********123X"}, // masking twice changes nothing
		{"姓名", "张三", "张三"},
		{"region_code", "620321100201", "620321100201"},
		{"phone", "", ""},
	}
	for _, c := range cases {
		if got := audit.Masked(c.field, c.value); got != c.want {
			t.Errorf("Masked(%q, %q) = %q, want %q", c.field, c.value, got, c.want)
		}
	}
}

func TestChange(t *testing.T) {
	old := map[string]string{"姓名": "张三", "证件号码": "62010219800101123X", "phone": "13812341234", "健康状况": "健康", "gone": "x"}
	new := map[string]string{"姓名": "张三", "证件号码": "620102198001011248", "phone": "13812341234", "健康状况": "残疾", "added": "y"}
	want := map[string]any{
		"old": map[string]string{"证件号码": "620102********123X", "健康状况": "健康", "gone": "x"},
		"new": map[string]string{"证件号码": "620102********1248", "健康状况": "残疾", "added": "y"},
	}
	if got := audit.Change(old, new); !reflect.DeepEqual(got, want) {
		t.Errorf("Change = %v, want %v", got, want)
	}
	empty := map[string]any{"old": map[string]string{}, "new": map[string]string{}}
	if got := audit.Change(old, old); !reflect.DeepEqual(got, empty) {
		t.Errorf("Change without change = %v", got)
	}
}

var (
	fullID    = regexp.MustCompile(`\d{17}[\dXx]`)
	fullPhone = regexp.MustCompile(`1[3-9]\d{9}`)
)

// TestDetailNeverHoldsFullValues records details that forgot to mask and
// reads back what was stored.
func TestDetailNeverHoldsFullValues(t *testing.T) {
	cases := []struct {
		name   string
		detail any
		want   string
	}{
		{"id in free text", map[string]string{"note": "按证件号码62010219800101123X查询"}, `{"note":"按证件号码620102********123X查询"}`},
		{"lower-case x", map[string]string{"q": "62010219800101123x"}, `{"q":"620102********123X"}`},
		{"phone under an unknown key", map[string]string{"contact": "13812341234"}, `{"contact":"138****1234"}`},
		{"phone with country code", []string{"+8613812341234"}, `["+86138****1234"]`},
		{"landline under a personal key", struct {
			Phone string `json:"户联系电话"`
		}{"0931-8123456"}, `{"户联系电话":"093*****3456"}`},
		{"id as a number", map[string]any{"n": 620102198001011234}, `{"n":"620102********1234"}`},
		{"id as a key", map[string]int{"620102198001011234": 1}, `{"620102********1234":1}`},
		{"nested", map[string]any{"members": []map[string]string{{"证件号码": "62010219800101123X"}}}, `{"members":[{"证件号码":"620102********123X"}]}`},
		{"region codes and counts kept", map[string]any{"region": "130000000000", "n": 1300000000, "household": "620321100201001"}, `{"household":"620321100201001","n":1300000000,"region":"130000000000"}`},
		{"mobile-shaped digits masked inside a code", map[string]any{"household": "H13800000001", "n": 13000000000}, `{"household":"H138****0001","n":"130****0000"}`},
		{"html kept readable", map[string]string{"q": "<a&b>"}, `{"q":"<a&b>"}`},
		{"string", "plain", `"plain"`},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, c := range cases {
			if err := audit.Record(audit.WithActor(ctx, admin), db.Writer(), audit.Event{Action: "test", Detail: c.detail}); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := db.Reader().QueryRowContext(ctx, "SELECT detail FROM audit_log WHERE id = ?", i+1).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("%s: stored %s, want %s", c.name, got, c.want)
			}
			if m := fullID.FindString(got) + fullPhone.FindString(got); m != "" && !strings.HasPrefix(c.name, "region codes") {
				t.Errorf("%s: stored %q in full", c.name, m)
			}
		}
		verify(t, db, len(cases))
		if err := audit.Record(audit.WithActor(ctx, admin), db.Writer(), audit.Event{Action: "test", Detail: make(chan int)}); err == nil {
			t.Error("unmarshallable detail recorded")
		}
	})
}
