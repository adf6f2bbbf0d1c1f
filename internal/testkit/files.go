package testkit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fangpin/internal/pii"
)

// Region codes of RegionsCSV by the names tests give them: 永昌县 with its
// two townships and their villages, and 金川区's 龙景村.
const (
	City      = "620300000000" // 金昌市
	District  = "620302000000" // 金川区
	VillageLJ = "620302100201" // 龙景村, 宁远堡镇, 金川区
	County    = "620321000000" // 永昌县
	Township  = "620321100000" // 城关镇
	VillageA  = "620321100201" // 北海子村, 城关镇
	VillageB  = "620321100202" // 金川西村, 城关镇
	Township2 = "620321101000" // 河西堡镇
	VillageC  = "620321101201" // 新城子村, 河西堡镇
	VillageD  = "620321101202" // 河西堡村, 河西堡镇
	// OtherVillage is a village of another county (永昌县's neighbour
	// 620322), not in RegionsCSV: outside every scope of the tests.
	OtherVillage = "620322100201"
)

// File writes text to a new file called name in a temporary folder and
// returns its path.
func File(t testing.TB, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// CSV writes lines (a header and rows), each ended by a newline, to a new
// CSV file and returns its path.
func CSV(t testing.TB, lines ...string) string {
	t.Helper()
	return File(t, "t.csv", strings.Join(lines, "\n")+"\n")
}

// Keys returns the personal-data keys of the tests (an all-zero key).
func Keys(t testing.TB) *pii.Keys {
	t.Helper()
	k, err := pii.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}
