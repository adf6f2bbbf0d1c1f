package village

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"

	"fangpin/internal/civil"
	"fangpin/internal/fault"
)

const (
	villageA = "620321100201" // 北海子村, 城关镇
	villageB = "620321100202" // 金川西村, 城关镇
	villageC = "620321101201" // 新城子村, 河西堡镇
	villageD = "620302100201" // 龙景村, 金川区
)

func TestCheck(t *testing.T) {
	ok := Indicator{Region: villageA, Year: 2026, DemoLevel: LevelProvince, DemoYear: 2026}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		field string
		edit  func(*Indicator)
	}{
		{"region", func(i *Indicator) { i.Region = "620321100000" }}, // a township
		{"year", func(i *Indicator) { i.Year = 1999 }},
		{"demo_level", func(i *Indicator) { i.DemoLevel = "县级" }},
		{"demo_year", func(i *Indicator) { i.DemoYear = 2027 }}, // named after the year
		{"demo_year", func(i *Indicator) { i.DemoLevel = "" }},  // a year without a level
		{"toilets_done", func(i *Indicator) { i.ToiletsDone = -1 }},
		{"sanitary_households", func(i *Indicator) { i.SanitaryHouseholds = -1 }},
	} {
		i := ok
		c.edit(&i)
		if e, isFault := fault.As(i.Check()); !isFault || e.Fields[c.field].Zh == "" {
			t.Errorf("%s: %v", c.field, i.Check())
		}
	}
}

func TestSplitTitles(t *testing.T) {
	if got := SplitTitles(" 文明村、省级卫生村，文明村; 五星级文明户 "); !reflect.DeepEqual(got, []string{"文明村", "省级卫生村", "五星级文明户"}) {
		t.Errorf("SplitTitles = %q", got)
	}
	if SplitTitles("") != nil {
		t.Error("blank titles are none")
	}
}

// TestAggregate: the definitions at their edges — another year's row
// counts for nothing, the rate's denominator is the registry's households
// of the villages with rows (a village with none adds to neither side),
// shares are of the villages with rows, townships sum to their county.
func TestAggregate(t *testing.T) {
	rows := []Indicator{
		{Region: villageA, Year: 2026, PlanDone: true, DemoLevel: LevelProvince, DemoYear: 2024, ToiletsPlanned: 10, ToiletsDone: 10,
			SanitaryHouseholds: 90, Cleaners: 2, Vehicles: 1, SewageTreated: true, ListPower: true, ListAffairs: true, ListServices: true},
		{Region: villageB, Year: 2026, DemoLevel: LevelCity, DemoYear: 2026, ToiletsPlanned: 5, ToiletsDone: 3,
			SanitaryHouseholds: 40, Cleaners: 1, ListPower: true, ListAffairs: true},
		{Region: villageC, Year: 2026, SanitaryHouseholds: 7, Vehicles: 2}, // no registered household
		{Region: villageD, Year: 2025, PlanDone: true, ToiletsDone: 100, SanitaryHouseholds: 100, Cleaners: 1, Vehicles: 1},
	}
	registered := map[string]int{villageA: 100, villageB: 60, villageD: 120}
	f := Aggregate(2026, rows, registered)
	want := Figures{Year: 2026, Villages: 3, PlanDone: 1, DemoProvincial: 1, DemoCity: 1, ToiletsPlanned: 15, ToiletsDone: 13,
		SanitaryHouseholds: 130, RegisteredHouseholds: 160, WithCleaners: 2, WithVehicles: 2, WithCleanersVehicles: 1,
		SewageTreated: 1, AllLists: 1}
	want.shares()
	if f != want {
		t.Errorf("Aggregate =\n%+v, want\n%+v", f, want)
	}
	if math.Abs(f.SanitaryRate-0.8125) > 1e-12 || math.Abs(f.SewageShare-1.0/3) > 1e-12 {
		t.Errorf("rate %v, sewage share %v", f.SanitaryRate, f.SewageShare)
	}
	if f := Aggregate(2025, rows, registered); f.Villages != 1 || f.ToiletsDone != 100 || f.SanitaryRate != 100.0/120 {
		t.Errorf("2025: %+v", f)
	}
	if f := Aggregate(2027, rows, registered); f != (Figures{Year: 2027}) {
		t.Errorf("no rows: %+v", f)
	}

	towns := Rollup(2026, rows, registered, 4)
	if len(towns) != 2 || towns[0].Region != "620321100000" || towns[1].Region != "620321101000" {
		t.Fatalf("townships: %+v", towns)
	}
	if towns[0].Villages != 2 || towns[0].SanitaryRate != 130.0/160 || towns[1].Villages != 1 || towns[1].SanitaryRate != 0 {
		t.Errorf("townships: %+v", towns)
	}
	counties := Rollup(2026, rows, registered, 3)
	if len(counties) != 1 || counties[0].Villages != 3 || counties[0].Figures != f {
		t.Errorf("county %+v is not the sum of its townships", counties)
	}
}

func TestYes(t *testing.T) {
	for s, want := range map[string]bool{"是": true, "√": true, "1": true, "否": false, "": false, "无": false} {
		if got, err := yes(s); err != nil || got != want {
			t.Errorf("yes(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := yes("也许"); !errors.Is(err, errBool) {
		t.Error("yes accepts 也许")
	}
}

func TestWriteTable(t *testing.T) {
	rows := []Indicator{{Region: villageA, Year: 2026, PlanDone: true, DemoLevel: LevelCity, DemoYear: 2025, SanitaryHouseholds: 9,
		Titles: []string{"文明村", "卫生村"}}, {Region: villageB, Year: 2026}}
	reg := map[string]int{villageA: 10}
	var b bytes.Buffer
	names := func(code string) [3]string { return [3]string{"永昌县", "城关镇", code} }
	if err := WriteTable(&b, "和美乡村建设指标", rows, names, reg, Aggregate(2026, rows, reg)); err != nil {
		t.Fatal(err)
	}
	if b.Len() < 1000 || !bytes.HasPrefix(b.Bytes(), []byte("PK")) {
		t.Errorf("not a workbook: %d bytes", b.Len())
	}
}

func TestAsOf(t *testing.T) {
	today := civil.FromYMD(2026, 12, 2)
	for year, want := range map[int]civil.Date{2026: today, 2025: civil.FromYMD(2025, 12, 31), 2027: civil.FromYMD(2027, 12, 31)} {
		if got := AsOf(year, today); got != want {
			t.Errorf("AsOf(%d) = %s, want %s", year, got, want)
		}
	}
}
