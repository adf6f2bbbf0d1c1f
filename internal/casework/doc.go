// Package casework turns risk clues into cases and walks them through the
// identification workflow (识别认定): township acceptance, home verification,
// village review, public notice, township review, county approval and
// enrolment in monitoring — or closure as not qualifying, with a reason the
// household sees, and one reopening on the household's objection.
//
// Risk elimination (风险消除) walks the same chain as a case of purpose
// elimination (elimination.go): proposed for a monitored household, it
// starts at home verification, and county approval — refused while a
// criterion of EliminationCheck is unmet — eliminates the household's risk.
// RollbackElimination undoes a wrong elimination (风险消除回退); a new risk
// after a correct one is re-marked (重新标注风险) by an identification case.
//
// The workflow itself is plain Go without a database (state.go, roles.go,
// data.go, apply.go, followup.go); the store functions (open.go, find.go,
// act.go, enrol.go, counts.go) run it inside the caller's transaction and
// filter every query by the caller's region scope: a case outside the scope
// is store.ErrNotFound. Their side effects happen inside the same
// transaction: each step's audit entry, and for a new case the notification
// that tells its village (notice.go), whoever opened it.
package casework
