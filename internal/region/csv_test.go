package region

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func readAll(s string) ([]Region, error) {
	var rs []Region
	err := ReadCSV(strings.NewReader(s), func(r Region) error {
		rs = append(rs, r)
		return nil
	})
	return rs, err
}

func TestReadCSV(t *testing.T) {
	want := []Region{
		{Code: "620000000000", Name: "甘肃省", Level: 1},
		{Code: "620100000000", Name: "兰州市", Level: 2, ParentCode: "620000000000"},
	}
	tests := []struct{ name, in string }{
		{"plain", "code,name,level,parent_code\n620000000000,甘肃省,1,\n620100000000,兰州市,2,620000000000\n"},
		{"bom crlf", "\uFEFFcode,name,level,parent_code\r\n620000000000,甘肃省,1,\r\n620100000000,兰州市,2,620000000000\r\n"},
		{"columns by name", "parent_code,level,extra,name,code\n,1,x,甘肃省,620000000000\n620000000000,2,y,兰州市,620100000000\n"},
		{"quotes and spaces", "code, name ,level,parent_code\n\"620000000000\", 甘肃省 ,1,\n620100000000,\"兰州市\",2, 620000000000\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	const head = "code,name,level,parent_code\n620000000000,甘肃省,1,\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", `第1行：文件为空，缺少表头`},
		{"no header column", "code,name,level\n", `第1行：表头缺少"parent_code"列`},
		{"short code", head + "1234,某地,2,620000000000\n", `第3行：区划代码"1234"应为12位数字`},
		{"letters in code", head + "62010000000x,某地,2,620000000000\n", `第3行：区划代码"62010000000x"应为12位数字`},
		{"empty name", head + "620100000000, ,2,620000000000\n", `第3行：区划620100000000的名称为空`},
		{"level 0", head + "620100000000,兰州市,0,620000000000\n", `第3行：级别"0"应为1到5`},
		{"level 6", head + "620100000000,兰州市,6,620000000000\n", `第3行：级别"6"应为1到5`},
		{"level text", head + "620100000000,兰州市,市,620000000000\n", `第3行：级别"市"应为1到5`},
		{"province with parent", head + "630000000000,青海省,1,620000000000\n", `第3行：省级区划630000000000不应有上级代码`},
		{"missing parent", head + "620100000000,兰州市,2,\n", `第3行：第2级区划620100000000缺少上级代码`},
		{"bad parent", head + "620100000000,兰州市,2,62\n", `第3行：上级代码"62"应为12位数字`},
		{"own parent", head + "620100000000,兰州市,2,620100000000\n", `第3行：区划620100000000的上级代码不能是它自己`},
		{"duplicate", head + "620100000000,兰州市,2,620000000000\n620100000000,兰州,2,620000000000\n", `第4行：区划代码620100000000与第3行重复`},
		{"field count", head + "620100000000,兰州市,2\n", `第3行：应有4个字段，实有3个`},
		{"bad quote", head + "620100000000,兰\"州市,2,620000000000\n", `第3行：CSV格式错误`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readAll(tt.in)
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a *RowError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %q, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestReadCSVStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := ReadCSV(strings.NewReader("code,name,level,parent_code\n620000000000,甘肃省,1,\n630000000000,青海省,1,\n"),
		func(Region) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err = %v after %d rows, want stop after 1", err, n)
	}
}
