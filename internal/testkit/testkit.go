// Package testkit holds the fixtures many packages' tests share: one small
// tree of Gansu regions and valid GB 11643 ID numbers.
package testkit

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fangpin/internal/idcard"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

// RegionsCSV is the region tree of the tests, in the import format: 甘肃省 ›
// 金昌市 › 金川区 (滨河路街道 without villages, and 宁远堡镇 with 龙景村)
// and 永昌县 (城关镇 with 北海子村 and 金川西村, 河西堡镇 with 新城子村
// and 河西堡村).
const RegionsCSV = `code,name,level,parent_code
620000000000,甘肃省,1,
620300000000,金昌市,2,620000000000
620302000000,金川区,3,620300000000
620302001000,滨河路街道,4,620302000000
620302100000,宁远堡镇,4,620302000000
620302100201,龙景村,5,620302100000
620321000000,永昌县,3,620300000000
620321100000,城关镇,4,620321000000
620321100201,北海子村,5,620321100000
620321100202,金川西村,5,620321100000
620321101000,河西堡镇,4,620321000000
620321101201,新城子村,5,620321101000
620321101202,河西堡村,5,620321101000
`

// Regions loads RegionsCSV into db.
func Regions(t testing.TB, db *store.DB) {
	t.Helper()
	if _, err := region.ImportReader(context.Background(), db, strings.NewReader(RegionsCSV)); err != nil {
		t.Fatal(err)
	}
}

// ID returns a valid ID number of 永昌县 (620321) born on 1 January 1980,
// with sequence number seq (1–999; odd is a man).
func ID(seq int) string { return IDBorn("19800101", seq) }

// IDBorn returns a valid ID number of 永昌县 (620321) born on birth
// (YYYYMMDD), with sequence number seq (0–999; odd is a man).
func IDBorn(birth string, seq int) string {
	first := fmt.Sprintf("620321%s%03d", birth, seq)
	return first + string(idcard.CheckChar(first))
}
