package stats

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fangpin/internal/registry"
	"fangpin/internal/registry/registrytest"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// The villages of the history tests (testkit's regions): A (北海子村) and A2
// (金川西村) in 城关镇 of 永昌县, B (龙景村) in 宁远堡镇 of 金川区.
const (
	villageA  = testkit.VillageA
	villageA2 = testkit.VillageB
	villageB  = testkit.VillageLJ
	township  = testkit.Township
	city      = testkit.City
)

// hhRow is a household of a history file: its village, code, type, members
// (person number and health) and monitoring columns.
type hhRow struct {
	village, code, typ string
	members            []member
	// category, identified, eliminated (是/否/""), mode, eliminated month,
	// re-marked month
	mon [6]string
}

type member struct {
	n      int    // the person: the same number is the same ID number in every file
	health string // 健康状况
	skill  string // 劳动技能
}

// importOn imports households as a file of the national template on day
// (10:00 Beijing).
func importOn(t *testing.T, db *store.DB, day string, hhs []hhRow) *registry.ImportResult {
	t.Helper()
	res, err := tryImport(t, db, day, hhs)
	if err != nil {
		t.Fatal(err, res.Issues)
	}
	return res
}

func tryImport(t *testing.T, db *store.DB, day string, hhs []hhRow) (*registry.ImportResult, error) {
	t.Helper()
	lines := []string{registrytest.Head + ",劳动技能,监测对象类别,识别监测时间,风险是否已消除,风险消除方式,消除监测时间,重新标注风险时间"}
	for _, h := range hhs {
		for i, m := range h.members {
			health := m.health
			if health == "" {
				health = "健康"
			}
			lines = append(lines, fmt.Sprintf("%s,%s,%s,人%d,%s,%s,初中,\"%s\",%s,%s", h.village, h.code, h.typ, m.n,
				testkit.ID(m.n), registrytest.Relation(i), health, m.skill, strings.Join(h.mon[:], ",")))
		}
	}
	now := date(day).Add(2 * time.Hour) // 10:00 in Beijing
	return registrytest.Try(t, db, testkit.Keys(t), now, lines...)
}

func historyRegionsFixture(t *testing.T, db *store.DB) {
	t.Helper()
	testkit.Regions(t, db)
}

// overviewOn computes the overview of region as of day.
func overviewOn(t *testing.T, db *store.DB, code, day string) *Overview {
	t.Helper()
	o, err := Compute(context.Background(), db, store.ScopeAll(), code, date(day))
	if err != nil {
		t.Fatalf("overview of %s as of %s: %v", code, day, err)
	}
	return o
}

// registryFigures are the registry part of the overview, for comparison.
type registryFigures struct {
	households, formerlyPoor, ordinary, persons, personsFP int
	chronic, major, ill                                    int
}

func registryOf(o *Overview) registryFigures {
	return registryFigures{o.Households.Total, o.Households.FormerlyPoor, o.Households.Ordinary, o.Persons.Total,
		o.Persons.FormerlyPoor, o.Illness.Chronic, o.Illness.Major, o.Illness.Households}
}
