package web

import (
	"fmt"
	"testing"

	"fangpin/internal/feed"
	"fangpin/internal/jobs"
	"fangpin/internal/screening"
	"fangpin/internal/store/storetest"
)

// TestScreeningCatalogue: the keys the feed, job, warning and rule pages
// build at run time exist in both languages, and none of this file's keys
// overrides another page's (TestCatalogueComplete checks the keys written
// in the templates).
func TestScreeningCatalogue(t *testing.T) {
	t.Parallel()
	if len(catalogueCollisions) > 0 {
		t.Errorf("keys defined twice: %v", catalogueCollisions)
	}
	keys := []string{"feeds.title", "feeds.file_title", "jobs.title", "jobs.kind.screen", "warnings.title",
		"warnings.item_title", "rules.title", "region.nation"}
	add := func(format string, vs ...any) {
		for _, v := range vs {
			keys = append(keys, fmt.Sprintf(format, v))
		}
	}
	for _, k := range feed.Kinds {
		add("feeds.kind.%s", k)
	}
	for _, r := range screening.AllRules {
		add("warnings.rule.%s", r)
		if usesOf(r) == (ruleParams{}) {
			add("rules.fixed.%s", r)
		}
	}
	for _, s := range screening.Statuses {
		add("warnings.status.%s", s)
	}
	add("jobs.status.%s", jobs.Queued, jobs.Running, jobs.Done, jobs.Failed)
	add("warnings.decide.%s", screening.DecideOpenCase, screening.DecideHandled, screening.DecideNotRisk)
	add("warnings.grade.%d", 1, 2, 3, 4)
	add("warnings.fig.%s", "oop_fen", "loss_fen", "rows", "members", "income_year", "income_fen", "annual_income_fen",
		"prev_income_year", "prev_income_fen", "drop_fen", "line_fen", "age", "died", "grade", "assessed", "persons", "day")
	for _, k := range keys {
		m, ok := catalogue[k]
		if !ok || m[0] == "" || m[1] == "" {
			t.Errorf("key %q missing or untranslated", k)
		}
	}
	for _, r := range screening.AllRules {
		if got := catalogue["warnings.rule."+string(r)][0]; got != r.Label() {
			t.Errorf("%s: page says %q, package screening %q", r, got, r.Label())
		}
	}
	for _, s := range screening.Statuses {
		if got := catalogue["warnings.status."+string(s)][0]; got != s.Label() {
			t.Errorf("%s: page says %q, package screening %q", s, got, s.Label())
		}
	}
}

// TestScreeningPagesInEnglish: the pages render in English too.
func TestScreeningPagesInEnglish(t *testing.T) {
	t.Parallel()
	_, _, h, ids := warningWorld(t, storetest.SQLite(t))
	for _, p := range []string{"/feeds", "/feeds/1", "/jobs/1", "/warnings", warningURL(ids["6203210001"]), "/admin/rules"} {
		rec := get(t, h, p, "Cookie", "lang=en")
		if rec.Code != 200 {
			t.Errorf("%s in English: %d", p, rec.Code)
		}
	}
	bodyHas(t, "warnings in English", get(t, h, "/warnings", "Cookie", "lang=en").Body.String(), "High out-of-pocket medical cost", "Run the screen")
}
