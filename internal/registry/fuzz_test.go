package registry

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fangpin/internal/idcard"
	"fangpin/internal/tabular"
)

// FuzzTemplateRow: any row of the household template is parsed without a
// panic; a row without problems has a valid ID number, a known relation
// and a non-negative income, and every problem names a row and a message.
func FuzzTemplateRow(f *testing.F) {
	header := strings.Join(stdHeader, ",")
	f.Add("620321100201,62032100000001,脱贫户,张三,11010519491231002X,男,户主,汉族,初中,,健康,普通劳动力,13800001111,12000.50,,,,,,,")
	f.Add("620321100201,H1,一般农户,李四,110105194912310021,,配偶,,小学,,长期慢性病、残疾,,,-1,脱贫不稳定户,202603,否,,,因病,")
	f.Add(`"620321100201","H""1",监测户,=1+1,123,女,子,,,,,,,１２,,2026年3月,是,,,,`)
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) {
			return // the file would be read as GB18030, header and all
		}
		r, err := tabular.NewCSV(strings.NewReader(header + "\n" + line + "\n"))
		if err != nil {
			return
		}
		l, issues := newLayout(r)
		if len(issues) > 0 {
			t.Fatalf("the standard header has problems: %v", issues)
		}
		p := &rowParser{l: l, now: testNow, incomeYear: 2025}
		rec, row, err := r.Next()
		if err != nil {
			return
		}
		rec2, is := p.parse(rec, row)
		for _, x := range is {
			if x.Row != row || x.Message == "" || !utf8.ValidString(x.Message) {
				t.Fatalf("issue %+v", x)
			}
		}
		if len(is) > 0 {
			return
		}
		if _, err := idcard.Parse(rec2.p.ID, testNow); err != nil {
			t.Fatalf("accepted ID %q: %v", rec2.p.ID, err)
		}
		if rec2.hh.IncomeFen != nil && *rec2.hh.IncomeFen < 0 {
			t.Fatalf("accepted income %d", *rec2.hh.IncomeFen)
		}
		if rec2.p.Relation == "" || rec2.hh.Code == "" {
			t.Fatalf("accepted a row without relation or household: %+v", rec2)
		}
	})
}
