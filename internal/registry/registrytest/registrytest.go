// Package registrytest fills a test database with households through the
// registry's own import, as storetest opens the database: a package of its
// own because testkit sits below registry (registry's tests use testkit).
package registrytest

import (
	"context"
	"testing"
	"time"

	"fangpin/internal/pii"
	"fangpin/internal/registry"
	"fangpin/internal/store"
	"fangpin/internal/testkit"
)

// Head is the first columns of the national household template every
// fixture fills; a fixture appends the optional columns it needs.
const Head = "行政区划代码,户编号,户类型,姓名,证件号码,与户主关系,文化程度,健康状况"

// Import imports lines (a header and rows of the household template) as a
// CSV file with the whole scope at now (人均纯收入 is of the year before),
// and fails the test on an error.
func Import(t testing.TB, db *store.DB, keys *pii.Keys, now time.Time, lines ...string) *registry.ImportResult {
	t.Helper()
	res, err := Try(t, db, keys, now, lines...)
	if err != nil {
		t.Fatal(err, res.Issues)
	}
	return res
}

// Try is Import for a test that expects the file to be refused: it returns
// the error.
func Try(t testing.TB, db *store.DB, keys *pii.Keys, now time.Time, lines ...string) (*registry.ImportResult, error) {
	t.Helper()
	return registry.NewImporter(db, keys, store.ScopeAll()).ImportFile(context.Background(), testkit.CSV(t, lines...),
		registry.ImportOptions{Now: now})
}

// Relation is the 与户主关系 of a fixture household's i-th member: the
// first is the head (户主), the others the spouse (配偶).
func Relation(i int) string {
	if i == 0 {
		return "户主"
	}
	return "配偶"
}
