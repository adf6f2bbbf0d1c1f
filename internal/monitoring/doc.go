// Package monitoring is 监测帮扶 after enrolment: the yearly income
// worksheet from which 人均纯收入 is computed, the responsible cadre (帮扶
// 责任人), the household plan (一户一策) of measures from the national
// catalogue with their progress, and the fit checks that explain, with
// their policy basis, whether the measures match the household's risks
// and the national rules (a development measure within a month for a
// household with labour, 兜底 for one without).
//
// The rules are plain Go without a database (catalogue.go, income.go,
// check.go); the store functions take the caller's store.Querier and region
// scope, and writes take the acting user and record an audit entry through
// the same Querier, so a change and its entry commit together when the
// caller passes a transaction.
package monitoring
