package feed

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

const medicalHeader = "身份证号,结算日期,医疗总费用,基本医保报销,大病保险报销,医疗救助,个人自付,疾病名称"

func TestImportMedical(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		keys := testkit.Keys(t)
		p1 := addPerson(t, db, keys, id(1), village)
		p2 := addPerson(t, db, keys, id(2), village)
		path := testkit.File(t, "claims.csv", csvOf(medicalHeader,
			id(1)+",2026-01-23,1007.34,556.36,158.96,79.48,212.54,慢性阻塞性肺疾病",
			strings.ToLower(id(2))+",2025/12/5,\"1,000\",500,0,,500,",
			id(3)+",2026-11-28,20000.1,0,0,0,20000.1,高血压"))
		var progress [][2]int
		res, err := Import(asDept, db, keys, Medical, path, Options{Now: now, UserID: 7, Username: "dept",
			Region: "620300000000", Progress: func(d, n int) { progress = append(progress, [2]int{d, n}) }})
		if err != nil {
			t.Fatalf("%v %v", err, res.Issues)
		}
		if res.Rows != 3 || res.Matched != 2 || res.Unmatched != 1 || res.Duplicate || res.FileID == 0 || res.Encoding != "UTF-8" {
			t.Fatalf("result %+v", res)
		}
		if len(progress) == 0 || progress[len(progress)-1] != [2]int{3, 3} {
			t.Errorf("progress %v", progress)
		}
		got := testkit.Strings(t, db, `SELECT row_no, person_id, id_masked, settled, total_fen, basic_fen, serious_fen, assist_fen,
			oop_fen, disease FROM feed_medical ORDER BY row_no`)
		want := []string{
			fmt.Sprintf("2 %d 620321********%s 20260123 100734 55636 15896 7948 21254 慢性阻塞性肺疾病", p1, id(1)[14:]),
			fmt.Sprintf("3 %d 620321********%s 20251205 100000 50000 0 0 50000 ", p2, id(2)[14:]),
			fmt.Sprintf("4 <nil> 620321********%s 20261128 2000010 0 0 0 2000010 高血压", id(3)[14:]),
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// only the unmatched row keeps the keyed index, for Rematch
		idxs := testkit.Strings(t, db, "SELECT id_idx FROM feed_medical ORDER BY row_no")
		if strings.Join(idxs, ",") != ",,"+keys.Index(id(3)) {
			t.Errorf("indexes %q", idxs)
		}
		files := testkit.Strings(t, db, "SELECT kind, name, size, rows, matched, unmatched, user_id, uploader, region_code FROM feed_files")
		if len(files) != 1 || !strings.HasPrefix(files[0], "medical claims.csv ") || !strings.HasSuffix(files[0], " 3 2 1 7 dept 620300000000") {
			t.Errorf("files %v", files)
		}
		audits := testkit.Strings(t, db, "SELECT action, entity_id, username FROM audit_log")
		if len(audits) != 1 || audits[0] != fmt.Sprintf("feed.import %d dept", res.FileID) {
			t.Errorf("audit %v", audits)
		}
	})
}

// TestImportEveryKind stores one valid row of each kind and reads it back.
func TestImportEveryKind(t *testing.T) {
	cases := []struct {
		kind   Kind
		header string
		row    string
		cols   string
		want   string
	}{
		{Education, "身份证号,学段,在校状态,资助项目,资助金额,日期", id(1) + ",初中,辍学,,,2026-09-01",
			"stage, status, aid_item, aid_fen, day", "初中 辍学  0 20260901"},
		{Education, "日期,资助金额,资助项目,在校状态,学段,身份证号", "2026-3-1,\"1,250.5\",雨露计划,在校,中职," + id(1),
			"stage, status, aid_item, aid_fen, day", "中职 在校 雨露计划 125050 20260301"},
		{Civil, "身份证号,救助类型,金额,开始日期,结束日期", id(1) + ",低保,4800,2026-01-01,2027-12-31",
			"aid_type, amount_fen, start_day, end_day", "低保 480000 20260101 20271231"},
		{Civil, "身份证号,救助类型,金额,开始日期,结束日期", id(1) + ",特困供养,100,2027-01-01,",
			"aid_type, amount_fen, start_day, end_day", "特困 10000 20270101 <nil>"},
		{Disability, "身份证号,残疾类别,残疾等级,发证日期", id(1) + ",肢体,二级,2026-05-01",
			"category, grade, issued", "肢体 2 20260501"},
		{Disability, "身份证号,残疾类别,残疾等级,发证日期", id(1) + ",视力,4,2026-05-01",
			"category, grade, issued", "视力 4 20260501"},
		{Housing, "户主身份证号,鉴定等级,鉴定日期", id(1) + ",c,2026-06-30",
			"grade, assessed", "C 20260630"},
		{Disaster, "户主身份证号,灾种,损失金额（元）,日期", id(1) + ",洪涝,12000.00,2026-07-15",
			"hazard, loss_fen, day", "洪涝 1200000 20260715"},
		{Employment, "身份证号,就业状态,务工地点,月数,日期", id(1) + ",失业,,0,2026-10-01",
			"status, place, months, day", "失业  0 20261001"},
		{Employment, "身份证号,就业状态,务工地点,月数,日期", id(1) + ",务工,江苏省苏州市,12,2026-10-01",
			"status, place, months, day", "务工 江苏省苏州市 12 20261001"},
		{Death, "证件号码,死亡日期", id(1) + ",2026-11-27", "died", "20261127"},
		{Civil, "身份证号,救助类型,金额,开始日期,结束日期,供养方式", id(1) + ",特困,100,2026-01-01,,分散",
			"aid_type, support", "特困 分散供养"},
		{Civil, "身份证号,救助类型,金额,开始日期,结束日期,供养方式", id(1) + ",低保,100,2026-01-01,,",
			"aid_type, support", "低保 "},
		{Insurance, "身份证号,参保年度,险种,个人缴费（元）,资助参保金额（元）,参保日期", id(1) + ",2026,城乡居民基本医保,400,200.5,2025-10-08",
			"year, category, contrib_fen, subsidy_fen, day", "2026 城乡居民基本医保 40000 20050 20251008"},
		{Insurance, "身份证号,参保年度,险种,个人缴费,资助参保金额,参保日期", id(1) + ",2027,城乡居民基本医保,400,,2026-11-01",
			"year, subsidy_fen", "2027 0"},
		{Doctor, "身份证号,签约日期,签约团队,到期日期", id(1) + ",2026-01-05,城关镇卫生院一团队,2026-12-31",
			"signed, team, end_day", "20260105 城关镇卫生院一团队 20261231"},
		{Doctor, "身份证号,签约日期,签约团队", id(1) + ",2026-01-05,村卫生室",
			"signed, team, end_day", "20260105 村卫生室 <nil>"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		pid := addPerson(t, db, testkit.Keys(t), id(1), village)
		for i, c := range cases {
			path := testkit.File(t, fmt.Sprintf("%s%d.csv", c.kind, i), csvOf(c.header, c.row))
			res, err := importFile(t, db, c.kind, path)
			if err != nil || res.Rows != 1 || res.Matched != 1 {
				t.Fatalf("%s: %+v %v", c.kind, res, err)
			}
			got := testkit.Strings(t, db, "SELECT person_id, "+c.cols+" FROM "+c.kind.Table()+" WHERE file_id = ?", res.FileID)
			if want := fmt.Sprintf("%d %s", pid, c.want); len(got) != 1 || got[0] != want {
				t.Errorf("%s: %q, want %q", c.kind, got, want)
			}
		}
	})
}

// TestImportHeadFeedMatchesHead: housing and disaster rows name the
// household head and match that person.
func TestImportHeadFeedMatchesHead(t *testing.T) {
	db := storetest.SQLite(t)
	head := addPerson(t, db, testkit.Keys(t), id(5), village)
	res, err := importFile(t, db, Housing, testkit.File(t, "h.csv", csvOf("户主身份证号,鉴定等级,鉴定日期", id(5)+",D,2026-01-01")))
	if err != nil || res.Matched != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := testkit.Strings(t, db, "SELECT person_id FROM feed_housing"); got[0] != fmt.Sprint(head) {
		t.Errorf("person %v, want %d", got, head)
	}
}

func TestImportUnknownAndMissingColumns(t *testing.T) {
	db := storetest.SQLite(t)
	res, err := importFile(t, db, Death, testkit.File(t, "d.csv", csvOf("身份证号,死亡日期,备注", id(1)+",2026-01-01,x")))
	if err != nil || len(res.Warnings) != 1 || res.Warnings[0] != "忽略未知列「备注」" {
		t.Fatalf("%+v %v", res, err)
	}
	res, err = importFile(t, db, Medical, testkit.File(t, "m.csv", csvOf("身份证号,医疗总费用,基本医保报销,大病保险报销,医疗救助", id(1)+",1,1,1,1")))
	if !errors.Is(err, ErrRejected) || len(res.Issues) != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	if s := res.Issues[0].String() + "|" + res.Issues[1].String(); s != "缺少必需的列「结算日期」|缺少必需的列「个人自付」" {
		t.Errorf("issues %s", s)
	}
	if n := testkit.Int(t, db, "SELECT count(*) FROM feed_files"); n != 1 {
		t.Errorf("%d files stored", n)
	}
}

// TestFeedFileBounds: a workbook with a cell that decompresses to
// megabytes is refused before it is read, and nothing is recorded (issue
// 15, item 2).
func TestFeedFileBounds(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("A", 4<<20) +
		`</t></is></c></row></sheetData></worksheet>`))
	zw.Close()
	res, err := importFile(t, db, Death, testkit.File(t, "bomb.xlsx", b.String()))
	if !errors.Is(err, ErrRejected) || res.IssueCount != 1 || !strings.Contains(res.Issues[0].Message, "32767") {
		t.Fatalf("bomb: %v %+v", err, res)
	}
	if n := testkit.Int(t, db, "SELECT count(*) FROM feed_files"); n != 0 {
		t.Fatalf("%d files recorded", n)
	}
}

// TestFeedLineEndsAndNoRows: a file with CR-only line ends is read row by
// row; a file without data rows is refused and not recorded, so the real
// file is not taken for a duplicate later (issue 15, item 6).
func TestFeedLineEndsAndNoRows(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	for _, text := range []string{"身份证号,死亡日期\r", "身份证号,死亡日期\r\n\r\n", "\uFEFF身份证号,死亡日期"} {
		res, err := importFile(t, db, Death, testkit.File(t, "empty.csv", text))
		if !errors.Is(err, ErrRejected) || res.IssueCount != 1 || res.Issues[0].Message != "文件中没有数据行" {
			t.Fatalf("%q: %v %+v", text, err, res)
		}
	}
	if n := testkit.Int(t, db, "SELECT count(*) FROM feed_files"); n != 0 {
		t.Fatalf("%d files recorded", n)
	}
	res, err := importFile(t, db, Death, testkit.File(t, "cr.csv", "身份证号,死亡日期\r"+id(1)+",2026-01-01\r"+id(2)+",2026-01-02\r"))
	if err != nil || res.Rows != 2 {
		t.Fatalf("CR-only: %v %+v", err, res)
	}
}
