package registry

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

func TestImportValidAndIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		rows := append(family("62032100000001", 11), family("62032100000002", 21)...)
		rows[0] = with(rows[0], ColCategory, CategoryUnstable, ColIdentified, "202603", ColEliminated, "否", ColRisk(1), "因病")
		rows[1] = with(rows[1], ColCategory, CategoryUnstable, ColIdentified, "202603", ColEliminated, "否", ColRisk(1), "因病", ColHealth, "长期慢性病、患有大病")
		rows[2] = with(rows[2], ColCategory, CategoryUnstable, ColIdentified, "202603", ColEliminated, "否", ColRisk(1), "因病")
		path := csvFile(t, stdHeader, rows)
		res, err := doImport(t, db, path, ImportOptions{})
		if err != nil {
			t.Fatalf("import: %v %v", err, res.Issues)
		}
		if res.HouseholdsInserted != 2 || res.PersonsInserted != 6 {
			t.Fatalf("first import: %+v", res)
		}
		checkVillageStats(t, db)
		before := dump(t, db)
		res, err = doImport(t, db, path, ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.HouseholdsUnchanged != 2 || res.PersonsUnchanged != 6 || res.HouseholdsUpdated+res.PersonsUpdated+res.PersonsInserted != 0 {
			t.Fatalf("re-import changed something: %+v", res)
		}
		if after := dump(t, db); after != before {
			t.Fatalf("re-import changed stored rows:\n%s\n---\n%s", before, after)
		}
		h, members, err := FindHousehold(context.Background(), db.Reader(), store.ScopeAll(), "62032100000001")
		if err != nil {
			t.Fatal(err)
		}
		if h.Members != 3 || len(members) != 3 || members[0].Relation != HeadRelation || *h.IncomeFen != 1200050 {
			t.Fatalf("household = %+v, members %d", h, len(members))
		}
		if h.Category != CategoryUnstable || h.IdentifiedMonth != 202603 || strings.Join(h.Risks, ",") != "因病" {
			t.Fatalf("monitoring = %+v", h)
		}
		if got := testkit.Int(t, db, "SELECT members_major FROM households WHERE code = ?", "62032100000001"); got != 1 {
			t.Fatalf("members_major = %d", got)
		}
		for _, m := range members {
			if strings.Contains(m.IDMasked, "19700101") || len(m.IDMasked) != 18 {
				t.Fatalf("ID not masked: %q", m.IDMasked)
			}
		}
	})
}

// dump renders the registry tables in a stable order, to compare states.
func dump(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT code, region_code, type, phone_idx, category, identified_month, eliminated, elimination_mode, eliminated_month, remarked_month, risk_types, members, members_chronic, members_major, created_at, updated_at FROM households ORDER BY code",
		"SELECT id_idx, household_id, name, health, active, updated_at FROM persons ORDER BY id_idx",
		"SELECT household_id, year, per_capita_fen, updated_at FROM household_incomes ORDER BY household_id, year",
		"SELECT count(*) FROM monitoring_history",
	} {
		for _, vals := range testkit.Rows(t, db, q) {
			for _, v := range vals {
				b.WriteString(strings.TrimSpace(strings.ReplaceAll(string(fmtAny(v)), "\n", " ")) + "|")
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func fmtAny(v any) []byte {
	switch x := v.(type) {
	case nil:
		return []byte("NULL")
	case []byte:
		return x
	case string:
		return []byte(x)
	}
	return []byte(strings.TrimSpace(strings.ReplaceAll(fmtValue(v), " ", "")))
}

func fmtValue(v any) string {
	return strings.TrimSpace(strings.Trim(strings.ReplaceAll(sprint(v), "\n", ""), " "))
}

func TestImportRejectsEachRule(t *testing.T) {
	base := family("62032100000001", 11)
	cases := []struct {
		name   string
		rows   []map[string]string
		column string
		want   string
	}{
		{"bad checksum", []map[string]string{with(base[0], ColID, base[0][ColID][:17]+"0"), base[1], base[2]}, ColID, "校验位"},
		{"duplicate ID", []map[string]string{base[0], with(base[1], ColID, base[0][ColID]), base[2]}, ColID, "重复"},
		{"two heads", []map[string]string{base[0], with(base[1], ColRelation, "户主"), base[2]}, ColRelation, "只能有一个户主"},
		{"no head", []map[string]string{with(base[0], ColRelation, "之父"), base[1], base[2]}, ColRelation, "没有户主"},
		{"education and schooling", []map[string]string{base[0], with(base[1], ColSchooling, "小学"), base[2]}, ColSchooling, "只能填写其一"},
		{"neither education nor schooling", []map[string]string{base[0], with(base[1], ColEducation, ""), base[2]}, ColEducation, "必须填写其一"},
		{"bad enum", []map[string]string{base[0], with(base[1], ColSkill, "强劳动力"), base[2]}, ColSkill, "劳动技能"},
		{"bad health", []map[string]string{base[0], with(base[1], ColHealth, "感冒"), base[2]}, ColHealth, "健康状况"},
		{"healthy and ill", []map[string]string{base[0], with(base[1], ColHealth, "健康,残疾"), base[2]}, ColHealth, "不能与"},
		{"sex disagrees", []map[string]string{with(base[0], ColSex, "女"), base[1], base[2]}, ColSex, "不一致"},
		{"household columns disagree", []map[string]string{base[0], with(base[1], ColIncome, "9000"), base[2]}, ColIncome, "应一致"},
		{"scattered household disagrees", []map[string]string{base[0], family("62032100000002", 21)[0], with(base[1], ColIncome, "9000"), base[2]}, ColCode, "不一致"},
		{"type disagrees", []map[string]string{base[0], base[1], with(base[2], ColType, TypeOrdinary)}, ColType, "应一致"},
		{"unknown region", []map[string]string{with(base[0], ColRegionCode, "620321100299"), with(base[1], ColRegionCode, "620321100299"), with(base[2], ColRegionCode, "620321100299")}, ColRegionCode, "不存在"},
		{"township as region", []map[string]string{with(base[0], ColRegionCode, "620321100000"), with(base[1], ColRegionCode, "620321100000"), with(base[2], ColRegionCode, "620321100000")}, ColRegionCode, "不是村级"},
		{"category without month", []map[string]string{with(base[0], ColCategory, CategoryUnstable), with(base[1], ColCategory, CategoryUnstable), with(base[2], ColCategory, CategoryUnstable)}, ColIdentified, "识别监测时间"},
		{"eliminated without month", []map[string]string{with(base[0], ColCategory, CategoryUnstable, ColIdentified, "202401", ColEliminated, "是", ColElimMode, "帮扶消除")}, ColElimMonth, "消除监测时间"},
		{"bad risk", []map[string]string{with(base[0], ColCategory, CategoryUnstable, ColIdentified, "202401", ColRisk(1), "因穷")}, ColRisk(1), "风险类型"},
		{"bad income", []map[string]string{with(base[0], ColIncome, "12,000.555"), with(base[1], ColIncome, "12,000.555"), with(base[2], ColIncome, "12,000.555")}, ColIncome, "金额"},
		{"bad month", []map[string]string{with(base[0], ColCategory, CategoryUnstable, ColIdentified, "202613")}, ColIdentified, "年月"},
		{"future month", []map[string]string{with(base[0], ColCategory, CategoryUnstable, ColIdentified, "202701")}, ColIdentified, "晚于"},
		{"bad phone", []map[string]string{with(base[0], ColHHPhone, "123"), with(base[1], ColHHPhone, "123"), with(base[2], ColHHPhone, "123")}, ColHHPhone, "电话"},
		{"excel number", []map[string]string{with(base[0], ColID, "6.20321E+17"), base[1], base[2]}, ColID, "科学计数法"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res, err := doImport(t, db, csvFile(t, stdHeader, tc.rows), ImportOptions{})
				if !errors.Is(err, ErrRejected) {
					t.Fatalf("err = %v, want ErrRejected", err)
				}
				found := false
				for _, is := range res.Issues {
					if is.Column == tc.column && strings.Contains(is.Message, tc.want) && is.Row >= 2 {
						found = true
					}
				}
				if !found {
					t.Fatalf("no issue in %s containing %q: %v", tc.column, tc.want, res.Issues)
				}
				if n := testkit.Int(t, db, "SELECT count(*) FROM persons"); n != 0 {
					t.Fatalf("%d persons stored after a rejected import", n)
				}
			})
		}
	})
}

func TestSkipInvalidRejectsWholeHousehold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		good := family("62032100000001", 11)
		bad := family("62032100000002", 21)
		bad[2] = with(bad[2], ColHealth, "感冒")
		rejects := filepath.Join(t.TempDir(), "rejects.csv")
		f, _ := os.Create(rejects)
		res, err := doImport(t, db, csvFile(t, stdHeader, append(good, bad...)), ImportOptions{SkipInvalid: true, Rejects: f})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.HouseholdsInserted != 1 || res.PersonsInserted != 3 || res.RejectedHouseholds != 1 || res.RejectedRows != 3 {
			t.Fatalf("result %+v", res)
		}
		b, _ := os.ReadFile(rejects)
		text := string(b)
		if strings.Count(text, "\n") != 4 || !strings.Contains(text, "感冒") || !strings.Contains(text, "整户未导入") {
			t.Fatalf("rejects file:\n%s", text)
		}
		if n := testkit.Int(t, db, "SELECT count(*) FROM households WHERE code = ?", "62032100000002"); n != 0 {
			t.Fatal("bad household stored")
		}
		checkVillageStats(t, db)
	})
}

func TestMembershipChangesAndRemark(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		rows := family("62032100000001", 11)
		for i := range rows {
			rows[i] = with(rows[i], ColCategory, CategoryUnstable, ColIdentified, "202301", ColEliminated, "是", ColElimMode, "帮扶消除", ColElimMonth, "202401")
		}
		if _, err := doImport(t, db, csvFile(t, stdHeader, rows), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// the son leaves; the household is back under monitoring
		rows = rows[:2]
		for i := range rows {
			rows[i] = with(rows[i], ColEliminated, "否", ColElimMode, "", ColElimMonth, "")
		}
		res, err := doImport(t, db, csvFile(t, stdHeader, rows), ImportOptions{})
		if err != nil {
			t.Fatal(err, res.Issues)
		}
		if res.PersonsLeft != 1 || res.HouseholdsUpdated != 1 {
			t.Fatalf("result %+v", res)
		}
		h, members, err := FindHousehold(context.Background(), db.Reader(), store.ScopeAll(), "62032100000001")
		if err != nil {
			t.Fatal(err)
		}
		if len(members) != 2 || h.Members != 2 {
			t.Fatalf("members %d / %d", len(members), h.Members)
		}
		checkVillageStats(t, db)
		if h.Eliminated || h.RemarkedMonth != 202611 || h.EliminatedMonth != 202401 {
			t.Fatalf("remark not recorded: %+v", h)
		}
		hist, err := MonitoringHistory(context.Background(), db.Reader(), store.ScopeAll(), h.ID)
		if err != nil || len(hist) != 2 || !hist[0].Eliminated || hist[1].Eliminated {
			t.Fatalf("history %+v %v", hist, err)
		}
	})
}

func TestScopedImportAndQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		other := family("62032100000009", 31)
		for i := range other {
			other[i] = with(other[i], ColRegionCode, "620321101201")
		}
		rows := append(family("62032100000001", 11), other...)
		if _, err := doImport(t, db, csvFile(t, stdHeader, rows), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		town := store.MustScope("620321100000")
		ctx := context.Background()
		items, total, err := FindHouseholds(ctx, db.Reader(), testkit.Keys(t), town, Filter{})
		if err != nil || total != 1 || items[0].Code != "62032100000001" || items[0].HeadName == "" || items[0].Members != 3 {
			t.Fatalf("scoped list: %+v %d %v", items, total, err)
		}
		if _, _, err := FindHousehold(ctx, db.Reader(), town, "62032100000009"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("foreign household readable: %v", err)
		}
		if _, _, err := FindHouseholds(ctx, db.Reader(), testkit.Keys(t), town, Filter{Region: "620321101000"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("foreign region listable: %v", err)
		}
		if _, _, err := FindHouseholds(ctx, db.Reader(), testkit.Keys(t), store.Scope{}, Filter{}); !errors.Is(err, store.ErrNoScope) {
			t.Fatalf("zero scope accepted: %v", err)
		}
		// search by full ID number finds the household through the keyed index
		items, _, err = FindHouseholds(ctx, db.Reader(), testkit.Keys(t), store.ScopeAll(), Filter{Q: other[1][ColID]})
		if err != nil || len(items) != 1 || items[0].Code != "62032100000009" {
			t.Fatalf("ID search: %+v %v", items, err)
		}
		// an importer scoped to the township refuses rows of another township
		im := NewImporter(db, testkit.Keys(t), town)
		res, err := im.ImportFile(ctx, csvFile(t, stdHeader, other), ImportOptions{Now: testNow})
		if !errors.Is(err, ErrRejected) || !strings.Contains(res.Issues[0].Message, "管辖范围") {
			t.Fatalf("out-of-scope import: %v %v", err, res.Issues)
		}
	})
}

func TestImportSampleFiles(t *testing.T) {
	for _, name := range []string{"households-sample.csv", "households-sample.gb18030.csv"} {
		path := filepath.Join("..", "..", "..", "shared", "data", "samples", name)
		if _, err := os.Stat(path); err != nil {
			t.Skip("shared sample files not present")
		}
		t.Run(name, func(t *testing.T) {
			db := storetest.SQLite(t)
			gansu := filepath.Join("..", "..", "..", "shared", "data", "divisions", "gansu.csv")
			if _, err := regionImport(db, gansu); err != nil {
				t.Fatal(err)
			}
			// the sample carries four planted disagreements in 风险消除方式
			res, err := doImport(t, db, path, ImportOptions{})
			if !errors.Is(err, ErrRejected) || len(res.Issues) != 4 {
				t.Fatalf("%v: %v", err, res.Issues)
			}
			for i, row := range []int{34, 190, 244, 383} {
				if res.Issues[i].Row != row || res.Issues[i].Column != ColElimMode {
					t.Fatalf("issue %d = %v", i, res.Issues[i])
				}
			}
			res, err = doImport(t, db, path, ImportOptions{SkipInvalid: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.HouseholdsInserted != 146 || res.RejectedHouseholds != 4 || res.PersonsInserted+res.RejectedRows != 538 {
				t.Fatalf("result %+v", res)
			}
			if strings.HasPrefix(name, "households-sample.gb") != (res.Encoding == "GB18030") {
				t.Fatalf("encoding %s", res.Encoding)
			}
		})
	}
}

// TestMoveBetweenVillages moves a person to a household of another village
// and a household to another village; counts and village stats follow.
func TestMoveBetweenVillages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		a := family("62032100000001", 11)
		b := family("62032100000002", 21)
		for i := range b {
			b[i] = with(b[i], ColRegionCode, "620321101201")
		}
		if _, err := doImport(t, db, csvFile(t, stdHeader, append(a, b...)), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		// the son of household 1 marries into household 2, listed alone in a file
		moved := with(a[2], ColCode, "62032100000002", ColRegionCode, "620321101201", ColRelation, "之女婿", ColHealth, "患有大病")
		res, err := doImport(t, db, csvFile(t, stdHeader, append(b, moved)), ImportOptions{})
		if err != nil {
			t.Fatal(err, res.Issues)
		}
		if got := testkit.Int(t, db, "SELECT members FROM households WHERE code = ?", "62032100000001"); got != 2 {
			t.Fatalf("household 1 has %d members", got)
		}
		if got := testkit.Int(t, db, "SELECT members_major FROM households WHERE code = ?", "62032100000002"); got != 1 {
			t.Fatalf("household 2 major = %d", got)
		}
		checkVillageStats(t, db)
		// household 1 moves to the other village
		for i := range a[:2] {
			a[i] = with(a[i], ColRegionCode, "620321101202")
		}
		if _, err := doImport(t, db, csvFile(t, stdHeader, a[:2]), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		checkVillageStats(t, db)
	})
}

func TestRevealPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		testkit.Regions(t, db)
		rows := family("62032100000001", 11)
		rows[1] = with(rows[1], ColPhone, "13912345678")
		header := append(append([]string{}, stdHeader...), ColPhone)
		if _, err := doImport(t, db, csvFile(t, header, rows), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		_, members, err := FindHousehold(ctx, db.Reader(), store.ScopeAll(), "62032100000001")
		if err != nil {
			t.Fatal(err)
		}
		var spouse Person
		for _, m := range members {
			if m.Relation == "配偶" {
				spouse = m
			}
		}
		town := store.MustScope("620321100000")
		r, err := RevealPerson(ctx, db.Reader(), testkit.Keys(t), town, "62032100000001", spouse.ID)
		if err != nil || r.IDNumber != rows[1][ColID] || r.Phone != "13912345678" || spouse.PhoneMasked != "139****5678" {
			t.Fatalf("reveal %+v %v (masked %s)", r, err, spouse.PhoneMasked)
		}
		other := store.MustScope("620321101000")
		if _, err := RevealPerson(ctx, db.Reader(), testkit.Keys(t), other, "62032100000001", spouse.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("foreign township revealed: %v", err)
		}
		if _, err := RevealPerson(ctx, db.Reader(), testkit.Keys(t), town, "62032100000009", spouse.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("wrong household revealed: %v", err)
		}
	})
}

// TestScopeMonitoringHistory: the history of a household outside the scope
// is not readable even by its id.
func TestScopeMonitoringHistory(t *testing.T) {
	db := storetest.SQLite(t)
	testkit.Regions(t, db)
	rows := family("62032100000001", 11)
	for i := range rows {
		rows[i] = with(rows[i], ColCategory, CategoryUnstable, ColIdentified, "202401")
	}
	if _, err := doImport(t, db, csvFile(t, stdHeader, rows), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h, _, err := FindHousehold(ctx, db.Reader(), store.ScopeAll(), "62032100000001")
	if err != nil {
		t.Fatal(err)
	}
	if own, err := MonitoringHistory(ctx, db.Reader(), store.MustScope("620321100000"), h.ID); err != nil || len(own) != 1 {
		t.Fatalf("own history: %v %v", own, err)
	}
	if foreign, err := MonitoringHistory(ctx, db.Reader(), store.MustScope("620321101000"), h.ID); err != nil || len(foreign) != 0 {
		t.Fatalf("foreign history readable: %v %v", foreign, err)
	}
}
