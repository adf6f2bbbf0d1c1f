package feed

import (
	"slices"
	"testing"
)

func TestColumns(t *testing.T) {
	tests := []struct {
		kind           Kind
		first, another string
		optional       []string
	}{
		{Medical, "身份证号", "个人自付", []string{"疾病名称"}},
		{Housing, "户主身份证号", "鉴定等级", nil},
		{Death, "身份证号", "死亡日期", nil},
	}
	for _, tt := range tests {
		req, opt := tt.kind.Columns()
		if len(req) == 0 || req[0] != tt.first || !slices.Contains(req, tt.another) || !slices.Equal(opt, tt.optional) {
			t.Errorf("%s: required %v, optional %v", tt.kind, req, opt)
		}
	}
	for _, k := range Kinds {
		if req, _ := k.Columns(); len(req) < 2 {
			t.Errorf("%s: only %v", k, req)
		}
	}
	if req, opt := Kind("water").Columns(); req != nil || opt != nil {
		t.Error("an unknown kind has columns")
	}
}
