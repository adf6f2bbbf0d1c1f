package feed

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// TestValidation imports files with one bad row each after a good one and
// checks the exact message, and that nothing was stored.
func TestValidation(t *testing.T) {
	bad := id(1)[:17] + "0" // wrong check character
	if bad == id(1) {
		bad = id(1)[:17] + "1"
	}
	future := testkit.IDBorn("20300101", 1) // born in 2030
	medical := func(cells string) string { return csvOf(medicalHeader, id(1)+",2026-01-01,100,50,0,0,50,", cells) }
	cases := []struct {
		kind Kind
		text string
		want string
	}{
		{Medical, medical(",2026-01-01,100,50,0,0,50,"), "第3行 A列「身份证号」：不能为空"},
		{Medical, medical(bad + ",2026-01-01,100,50,0,0,50,"), "第3行 A列「身份证号」：证件号码校验位不正确"},
		{Medical, medical("62032119800101,2026-01-01,100,50,0,0,50,"), "第3行 A列「身份证号」：证件号码应为18位"},
		{Medical, medical(id(1) + ",2026-02-30,100,50,0,0,50,"), "第3行 B列「结算日期」：日期不存在"},
		{Medical, medical(id(1) + ",2026-11-29,100,50,0,0,50,"), "第3行 B列「结算日期」：日期晚于今天"},
		{Medical, medical(id(1) + ",,100,50,0,0,50,"), "第3行 B列「结算日期」：不能为空"},
		{Medical, medical(id(1) + ",26-1-1,100,50,0,0,50,"), "第3行 B列「结算日期」：日期格式不正确（应为 YYYY-MM-DD）"},
		{Medical, medical(id(1) + ",2026-01-01,-100,50,0,0,50,"), "第3行 C列「医疗总费用」：金额不能为负数"},
		{Medical, medical(id(1) + ",2026-01-01,,50,0,0,50,"), "第3行 C列「医疗总费用」：不能为空"},
		{Medical, medical(id(1) + ",2026-01-01,100,50.001,0,0,50,"), "第3行 D列「基本医保报销」：金额最多两位小数"},
		{Medical, medical(id(1) + ",2026-01-01,100,50,x,0,50,"), "第3行 E列「大病保险报销」：金额格式不正确（应为以元为单位的数字，如 1234.50）"},
		{Medical, medical(id(1) + ",2026-01-01,100,50,0,1e2,50,"), "第3行 F列「医疗救助」：金额格式不正确（应为以元为单位的数字，如 1234.50）"},
		{Medical, medical(id(1) + ",2026-01-01,100,50,0,0,,"), "第3行 G列「个人自付」：不能为空"},
		{Medical, medical(id(1) + ",2026-01-01,100,50,0,0,50.01,"), "第3行 C列「医疗总费用」：报销与个人自付之和 100.01 元超过医疗总费用 100.00 元"},
		{Medical, medical(id(1) + ",2026-01-01,100,50,0,0,50," + strings.Repeat("病", 201)), "第3行 H列「疾病名称」：内容过长（最多200个字）"},
		{Education, csvOf("身份证号,学段,在校状态,资助项目,资助金额,日期", id(1)+",,在校,,,2026-01-01"), "第2行 B列「学段」：不能为空"},
		{Education, csvOf("身份证号,学段,在校状态,资助项目,资助金额,日期", id(1)+",初中,休学,,,2026-01-01"), "第2行 C列「在校状态」：「休学」不是有效值（应为在校、辍学）"},
		{Education, csvOf("身份证号,学段,在校状态,资助项目,资助金额,日期", id(1)+",初中,在校,,-1,2026-01-01"), "第2行 E列「资助金额」：金额不能为负数"},
		{Education, csvOf("身份证号,学段,在校状态,资助项目,资助金额,日期", id(1)+",初中,在校,,,2026"), "第2行 F列「日期」：日期格式不正确（应为 YYYY-MM-DD）"},
		{Civil, csvOf("身份证号,救助类型,金额,开始日期,结束日期", id(1)+",五保,1,2026-01-01,"), "第2行 B列「救助类型」：「五保」不是有效值（应为低保、特困、临时救助）"},
		{Civil, csvOf("身份证号,救助类型,金额,开始日期,结束日期", id(1)+",低保,,2026-01-01,"), "第2行 C列「金额」：不能为空"},
		{Civil, csvOf("身份证号,救助类型,金额,开始日期,结束日期", id(1)+",低保,1,,"), "第2行 D列「开始日期」：不能为空"},
		{Civil, csvOf("身份证号,救助类型,金额,开始日期,结束日期", id(1)+",低保,1,2026-01-01,2025-12-31"), "第2行 E列「结束日期」：结束日期早于开始日期"},
		{Civil, csvOf("身份证号,救助类型,金额,开始日期,结束日期,供养方式", id(1)+",低保,1,2026-01-01,,分散供养"), "第2行 F列「供养方式」：供养方式只适用于特困"},
		{Civil, csvOf("身份证号,救助类型,金额,开始日期,结束日期,供养方式", id(1)+",特困,1,2026-01-01,,居家"), "第2行 F列「供养方式」：「居家」不是有效值（应为集中供养、分散供养）"},
		{Insurance, csvOf("身份证号,参保年度,险种,个人缴费,资助参保金额,参保日期", id(1)+",26,城乡居民基本医保,400,,2026-01-01"), "第2行 B列「参保年度」：年度应为2000到2100之间的四位数年份"},
		{Insurance, csvOf("身份证号,参保年度,险种,个人缴费,资助参保金额,参保日期", id(1)+",2026,,400,,2026-01-01"), "第2行 C列「险种」：不能为空"},
		{Insurance, csvOf("身份证号,参保年度,险种,个人缴费,资助参保金额,参保日期", id(1)+",2026,城乡居民基本医保,,,2026-01-01"), "第2行 D列「个人缴费」：不能为空"},
		{Insurance, csvOf("身份证号,参保年度,险种,个人缴费,资助参保金额,参保日期", id(1)+",2026,城乡居民基本医保,400,-1,2026-01-01"), "第2行 E列「资助参保金额」：金额不能为负数"},
		{Doctor, csvOf("身份证号,签约日期,签约团队,到期日期", id(1)+",2026-11-29,甲,"), "第2行 B列「签约日期」：日期晚于今天"},
		{Doctor, csvOf("身份证号,签约日期,签约团队,到期日期", id(1)+",2026-01-01,,"), "第2行 C列「签约团队」：不能为空"},
		{Doctor, csvOf("身份证号,签约日期,签约团队,到期日期", id(1)+",2026-01-02,甲,2026-01-01"), "第2行 D列「到期日期」：到期日期早于签约日期"},
		{Disability, csvOf("身份证号,残疾类别,残疾等级,发证日期", id(1)+",肢体,五级,2026-01-01"), "第2行 C列「残疾等级」：「五级」不是有效值（应为一级、二级、三级、四级（或 1–4））"},
		{Disability, csvOf("身份证号,残疾类别,残疾等级,发证日期", id(1)+",肢体,0,2026-01-01"), "第2行 C列「残疾等级」：「0」不是有效值（应为一级、二级、三级、四级（或 1–4））"},
		{Disability, csvOf("身份证号,残疾类别,残疾等级,发证日期", id(1)+",,一级,2026-01-01"), "第2行 B列「残疾类别」：不能为空"},
		{Housing, csvOf("户主身份证号,鉴定等级,鉴定日期", id(1)+",E,2026-01-01"), "第2行 B列「鉴定等级」：「E」不是有效值（应为A、B、C、D）"},
		{Housing, csvOf("户主身份证号,鉴定等级,鉴定日期", id(1)+",,2026-01-01"), "第2行 B列「鉴定等级」：不能为空"},
		{Disaster, csvOf("户主身份证号,灾种,损失金额,日期", id(1)+",洪涝,1.5万,2026-01-01"), "第2行 C列「损失金额」：金额格式不正确（应为以元为单位的数字，如 1234.50）"},
		{Disaster, csvOf("户主身份证号,灾种,损失金额,日期", bad+",洪涝,1,2026-01-01"), "第2行 A列「户主身份证号」：证件号码校验位不正确"},
		{Employment, csvOf("身份证号,就业状态,务工地点,月数,日期", id(1)+",待业,,0,2026-01-01"), "第2行 B列「就业状态」：「待业」不是有效值（应为务工、失业）"},
		{Employment, csvOf("身份证号,就业状态,务工地点,月数,日期", id(1)+",务工,兰州,13,2026-01-01"), "第2行 D列「月数」：月数应为0到12之间的整数"},
		{Employment, csvOf("身份证号,就业状态,务工地点,月数,日期", id(1)+",务工,兰州,6.5,2026-01-01"), "第2行 D列「月数」：月数应为0到12之间的整数"},
		{Employment, csvOf("身份证号,就业状态,务工地点,月数,日期", id(1)+",务工,兰州,,2026-01-01"), "第2行 D列「月数」：月数应为0到12之间的整数"},
		{Death, csvOf("身份证号,死亡日期", id(1)+",2027-01-01"), "第2行 B列「死亡日期」：日期晚于今天"},
		{Death, csvOf("身份证号,死亡日期", future+",2026-01-01"), "第2行 A列「身份证号」：证件号码中的出生日期无效"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		addPerson(t, db, testkit.Keys(t), id(1), village)
		for i, c := range cases {
			res, err := importFile(t, db, c.kind, testkit.File(t, fmt.Sprintf("f%d.csv", i), c.text))
			if !errors.Is(err, ErrRejected) || len(res.Issues) != 1 || res.Issues[0].String() != c.want {
				t.Errorf("%s case %d: %v %v, want %s", c.kind, i, err, res.Issues, c.want)
			}
			if res.FileID != 0 || res.Rows != 0 {
				t.Errorf("case %d: result %+v", i, res)
			}
		}
		if d := dump(t, db); d != "" {
			t.Errorf("stored:\n%s", d)
		}
	})
}

// TestValidationListsEveryProblem: all problems of all rows, in row order,
// several per row, and the count beyond the listed ones.
func TestValidationListsEveryProblem(t *testing.T) {
	db := storetest.SQLite(t)
	var rows []string
	for i := range 3000 {
		rows = append(rows, id(i%900+1)+",2026-01-01,100,50,0,0,50,")
	}
	rows[10] = "x,2026-13-01,100,50,0,0,50,"
	rows[2500] = id(1) + ",2026-01-01,100,50,0,0,-5,"
	res, err := importFile(t, db, Medical, testkit.File(t, "m.csv", csvOf(medicalHeader, rows...)))
	if !errors.Is(err, ErrRejected) || res.IssueCount != 3 {
		t.Fatalf("%v %d %v", err, res.IssueCount, res.Issues)
	}
	want := "第12行 A列「身份证号」：证件号码应为18位|第12行 B列「结算日期」：日期不存在|第2502行 G列「个人自付」：金额不能为负数"
	var got []string
	for _, is := range res.Issues {
		got = append(got, is.String())
	}
	if strings.Join(got, "|") != want {
		t.Errorf("issues %v", got)
	}
	if d := dump(t, db); d != "" {
		t.Errorf("stored:\n%s", d)
	}
	res, _ = Import(t.Context(), db, testkit.Keys(t), Medical, testkit.File(t, "m.csv", csvOf(medicalHeader, rows...)),
		Options{Now: now, MaxIssues: 1})
	if len(res.Issues) != 1 || res.IssueCount < 1 {
		t.Errorf("max issues: %d listed of %d", len(res.Issues), res.IssueCount)
	}
}

// TestValidationBadCSV: a stray quote is a problem of the row, not a
// failure of the program (the reader is lenient with quotes, so the rest of
// the line is one field).
func TestValidationBadCSV(t *testing.T) {
	db := storetest.SQLite(t)
	res, err := importFile(t, db, Death, testkit.File(t, "d.csv", "身份证号,死亡日期\n"+id(1)+",2026-01-01\n\"x\"y\"\",2026-01-01\n"))
	if !errors.Is(err, ErrRejected) || len(res.Issues) == 0 || !strings.Contains(res.Issues[0].String(), "第3行") {
		t.Fatalf("%v %v", err, res.Issues)
	}
	if testkit.Int(t, db, "SELECT count(*) FROM feed_death") != 0 {
		t.Error("rows stored")
	}
}

// TestValidationNotATable: an empty file and a broken workbook are
// rejected input, not failures.
func TestValidationNotATable(t *testing.T) {
	db := storetest.SQLite(t)
	for name, text := range map[string]string{"empty.csv": "", "bad.xlsx": "PK\x03\x04 not really a zip"} {
		res, err := importFile(t, db, Death, testkit.File(t, name, text))
		if !errors.Is(err, ErrRejected) || len(res.Issues) != 1 || res.Issues[0].Row != 0 {
			t.Errorf("%s: %v %+v", name, err, res)
		}
	}
	if _, err := importFile(t, db, Death, "/nonexistent/x.csv"); err == nil || errors.Is(err, ErrRejected) {
		t.Errorf("missing file: %v", err)
	}
}
