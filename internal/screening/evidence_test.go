package screening

import (
	"context"
	"strings"
	"testing"

	"fangpin/internal/store"
)

// TestEvidenceRows: the detail page reads the cited rows with their file
// and line, masked ID and the department's columns.
func TestEvidenceRows(t *testing.T) {
	eachBusyWorld(t, func(t *testing.T, w *world) {
		w.screen(asOf)
		ctx, all := context.Background(), store.ScopeAll()
		hh := w.warned(MedicalOOP)[0]
		rows, err := Evidence(ctx, w.db.Reader(), all, w.warning(hh, MedicalOOP))
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows %v, %v", rows, err)
		}
		r := rows[0]
		if r.Table != "feed_medical" || r.FileName != "medical.csv" || r.RowNo == 0 || !strings.Contains(r.IDMasked, "****") {
			t.Errorf("row %+v", r)
		}
		want := map[string]string{"结算日期": "2026-03-01", "个人自付": "25000.00元", "医疗总费用": "50000.00元", "疾病名称": ""}
		for _, f := range r.Values {
			if v, ok := want[f.Name]; ok && v != f.Value {
				t.Errorf("%s = %q, want %q", f.Name, f.Value, v)
			}
		}
		rows, err = Evidence(ctx, w.db.Reader(), all, w.warning(hh, SevereDisability))
		if err != nil || len(rows) != 1 || rows[0].Values[1].Value != "一级" {
			t.Errorf("disability rows %+v, %v", rows, err)
		}
		rows, err = Evidence(ctx, w.db.Reader(), all, w.warning(hh, IncomeDrop))
		if err != nil || len(rows) != 0 {
			t.Errorf("income rows %+v, %v", rows, err)
		}
	})
}

// TestForFile: a department sees which warnings its file's rows raised,
// by rule and status.
func TestForFile(t *testing.T) {
	eachBusyWorld(t, func(t *testing.T, w *world) {
		w.screen(asOf)
		ctx := context.Background()
		got, err := ForFile(ctx, w.db.Reader(), w.files["feed_employment"])
		if err != nil || len(got) != 1 || got[0].Rule != Unemployment || got[0].Status != StatusOpen || got[0].RuleLabel == "" {
			t.Errorf("employment file: %+v, %v", got, err)
		}
		got, _ = ForFile(ctx, w.db.Reader(), w.files["feed_civil"])
		if len(got) != 0 {
			t.Errorf("civil file: %+v", got)
		}
	})
}

// TestListFilters: filters by region, rule and status, pages, and counts.
func TestListFilters(t *testing.T) {
	eachBusyWorld(t, func(t *testing.T, w *world) {
		_, head := w.family(villageB, 1)
		w.claim(head, 20260301, 2_500_000)
		w.screen(asOf)
		ctx, r, cs := context.Background(), w.db.Reader(), countyU.Scope()
		list, total, err := List(ctx, r, cs, Filter{Rule: MedicalOOP})
		if err != nil || total != 2 || len(list) != 2 || list[0].ID < list[1].ID {
			t.Fatalf("by rule: %d %v", total, err)
		}
		if _, total, _ := List(ctx, r, cs, Filter{Region: villageB}); total != 1 {
			t.Errorf("by region: %d", total)
		}
		page, total, _ := List(ctx, r, cs, Filter{Page: 2, PerPage: 4})
		if total != 10 || len(page) != 4 {
			t.Errorf("page 2: %d of %d", len(page), total)
		}
		if _, err := decide(w.db, cadreA, list[1].ID, Decision{Kind: DecideHandled}); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := List(ctx, r, cs, Filter{Status: StatusOpen}); total != 9 {
			t.Errorf("open: %d", total)
		}
		c, err := Counts(ctx, r, cs, Filter{Region: villageA})
		if err != nil || c[MedicalOOP][StatusHandled]+c[MedicalOOP][StatusOpen] != 1 || c[Dropout][StatusOpen] != 1 || len(c) != 9 {
			t.Errorf("counts %v, %v", c, err)
		}
		if _, _, err := List(ctx, r, cs, Filter{Status: "gone"}); err == nil {
			t.Error("unknown status accepted")
		}
	})
}

// TestSummary: every rule explains itself in Chinese with its figures.
func TestSummary(t *testing.T) {
	eachBusyWorld(t, func(t *testing.T, w *world) {
		w.screen(asOf)
		hh := w.warned(MedicalOOP)[0]
		want := map[Rule]string{
			MedicalOOP:       "2025-11-29至2026-11-28现有成员个人自付医疗费用25000.00元（1笔），超过20000.00元",
			IncomeBelowRange: "2025年人均纯收入5000.00元，低于当年监测范围7800.00元",
			IncomeDrop:       "比2024年的10000.00元下降5000.00元，降幅超过30%",
			UnsafeHouse:      "2026-03-01住房安全鉴定为D级",
			SevereDisability: "新办一级残疾证",
			Unemployment:     "2026-05-01有务工成员报告失业（1人）",
			LabourDeath:      "2026-08-01有劳动力成员死亡",
			Dropout:          "有12岁成员辍学",
			DisasterLoss:     "灾害损失15000.00元（1笔），超过10000.00元，或家庭年纯收入（2025年人均5000.00元×5人=25000.00元）的30%",
		}
		for rule, part := range want {
			if s := w.warning(hh, rule).Summary(); !strings.Contains(s, part) {
				t.Errorf("%s: %q lacks %q", rule, s, part)
			}
		}
	})
}
