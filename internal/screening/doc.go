// Package screening runs the warning rules (预警规则, docs/warnings.md) over the
// registry and the department feeds, stores the warnings (预警) they raise,
// and lets cadres decide on them.
//
// # The screen
//
// Run reads, at once on separate reader connections, one pass over each
// table it needs — households (village, monitoring state), persons (id and
// household, plus the few who left through the persons_inactive partial
// index), household_incomes, and every feed table filtered by date in SQL
// — into compact slices keyed on integer ids (snapshot.go), then works
// county by county, a county being the first six digits of the village
// code (county.go): the feed rows are dealt out by the county of their
// person's household (order kept), each county's are read in and ordered
// by person when its turn comes, the rules are applied in memory to one
// county's households and rows at a time (rules_*.go, plain functions of
// the snapshot) and its new warnings are built and written before the next
// county's. Nothing is queried row by row. Feed
// rows whose ID number matched nobody (person_id NULL) are counted, never
// used; Options.Rematch (feed.Rematch) first links those matching persons
// registered since.
//
// # Writing the warnings
//
// All counties' warnings, the run and its audit entry are stored in one
// transaction (write.go): a screen is stored whole or not at all. Two
// goroutines share the work on two cores (build.go): one builds a county's
// new warnings — the rules, the warnings already stored for the same
// household, rule and period (dropped: their keys are read with the
// snapshot in one pass, which SQLite takes off the UNIQUE index alone, and
// held as 8-byte keys), the feed file of every cited row (by primary key,
// in id order), the JSON columns — reading
// on reader connections; the other inserts the batches built before, 1,000
// warnings a statement through a prepared statement, with their
// warning_files links, on the transaction's connection. Reading outside
// the transaction is safe: feed rows are never changed or deleted, and a
// warning another run stored meanwhile is skipped by the INSERT (ON
// CONFLICT DO NOTHING … RETURNING counts only the rows inserted).
//
// Memory: the registry's compact slices are read for the whole scope — 4
// bytes per person, about 45 per household — but the feed rows, the hits,
// their cited rows and the encoded warnings are those of the county being
// built and of the batches waiting to be inserted (two at most). Feed rows
// read for the other counties are held up to spillRows (4 million, 96 MiB)
// per feed; beyond that they wait in a temporary file (spill.go), unlinked
// at once, 24 bytes a row, until their county's turn. A city never reaches
// the file; a province's screen keeps the largest county's rows in memory.
//
// A run is reproducible for a past as_of: only rows dated on or before
// as_of count, incomes of years after as_of's year are ignored, and the
// thresholds are the versions in force on as_of.
//
// # Windows and dates
//
// The "12 months ending at as_of" of the windowed rules (WindowMonths,
// default 12) holds rows dated after the same calendar date WindowMonths
// before as_of and on or before as_of. Where that date does not exist the
// month's last day is used: for as_of 2024-02-29 the window is 2023-03-01 …
// 2024-02-29 (rows of 2023-02-28 are out), not Go's AddDate normalisation to
// 2023-03-01. Ages are completed years on the row's date; someone born on
// 29 February becomes a year older on 1 March in common years.
//
// # The rules
//
// Amounts are fen and every comparison is in integers; "exceeds" is strict.
// 人均纯收入 of a household at as_of is household_incomes.per_capita_fen of
// its latest year on or before as_of's year ("known" when there is one);
// current members are its persons with active = 1. A feed row counts for
// the household the registry keeps its person in (persons.household_id),
// whether or not the person is still a current member — a dead labourer's
// household is still the one that lost them — except for medical_oop, whose
// definition counts current members only.
//
//   - medical_oop: 个人自付 of the current members' claims in the window
//     exceeds AmountFen (20,000 元), or 人均纯收入 is known and
//     100 × sum > Percent (50) × 人均纯收入 × current members.
//   - income_below_range: 人均纯收入 of its year Y is below the monitoring
//     line of Y for the village (incomeline, most specific region, default
//     7,800 元), and the household is not monitored at as_of: identified in or
//     before as_of's month and its risk not standing eliminated then. Eliminated
//     means eliminated in or before as_of's month and not re-marked between
//     that elimination and as_of — the definition of the overview figures
//     (stats.EliminatedAt), which for a household re-marked after as_of also
//     gets a past as_of right.
//   - income_drop: years Y and Y−1 both recorded, 人均纯收入 of Y−1 > 0 and
//     100 × (prev − cur) > Percent (30) × prev.
//   - dropout: an education row with 在校状态 辍学 in the window for a person
//     aged MinAge–MaxAge (6–15) on the row's date.
//   - unsafe_house: the household's latest housing rating dated on or before
//     as_of, whatever its age, is C or D (ties on a date: the later row).
//   - disaster_loss: losses reported under any ID of the household in the
//     window sum over AmountFen (10,000 元), or 人均纯收入 is known and
//     100 × sum > Percent (30) × 人均纯收入 × current members.
//   - labour_death: a death in the window of a person whose 劳动技能 is
//     普通劳动力 or 技能劳动力.
//   - severe_disability: a certificate of grade 1..MaxGrade (一级, 二级)
//     issued in the window.
//   - unemployment: a person's latest employment row on or before as_of (by
//     date, then row) says 失业 and is dated in the window, and the person's
//     income came from 务工: an earlier 务工 row, or 务工时间 > 0 in the
//     registry. The latest status wins: a later 务工 row (found work again)
//     cancels an earlier 失业.
//
// # Warnings and periods
//
// Result counts, per rule, the households for which it fires at as_of
// whatever their monitoring state, and the warnings the run created. A
// household is warned once per rule and period (UNIQUE household_id, rule,
// period), so a second run creates nothing. The period is the year the
// facts belong to, so that facts still inside the window of a screen in the
// next calendar year are not warned again: the income year for the income
// rules, the rating's year for unsafe_house, the year of the latest
// triggering row for dropout, disaster_loss, labour_death, severe_disability
// and unemployment, and as_of's year for medical_oop (a burden over the
// year before each screen, reviewed once per calendar year).
//
// A warning stores the rule version and values in force (threshold), the
// computed numbers (figures) and the evidence: the feed table, the number
// of triggering rows, every file they came from, and up to
// MaxEvidenceRows of them (the largest amounts first for the sums) by
// reference: their ids, whose feed rows hold file, line and columns, read
// when the warning is shown (Evidence) — feed rows are never changed or
// deleted, and a copy would double what a first screen writes; or, for the
// income rules, the registry's figures. The JSON columns are written by a
// small encoder (encode.go), the thresholds once per version and window.
// Warnings reference households by id, which re-importing the household
// template keeps for existing households.
//
// # Settings
//
// Thresholds are versions (rule_settings): the most specific region's
// version wins, then the latest effective_from on or before as_of. The
// defaults of docs/warnings.md are version 0, in code, effective 1900-01-01 for
// the whole country. A setting never changes in place and never changes the
// past: SetRule refuses a version taking effect before the day it is
// recorded or not after the region's latest version of the rule. A version
// with Enabled false switches the rule off for its region.
//
// # Decisions and access
//
// Decide records what a cadre found: open_case opens a casework case
// (source warning) for home verification, handled means the household is
// already monitored and helped, not_risk needs a reason. Every query of
// warnings is filtered by the caller's region scope; ForFile, which tells a
// department what its file raised, returns rules and states only.
package screening
