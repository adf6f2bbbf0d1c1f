// Package casework turns risk clues into cases and walks them through the
// identification workflow (识别认定): township acceptance, home verification,
// village review, public notice, township review, county approval and
// enrolment in monitoring — or closure as not qualifying, with a reason the
// household sees, and one reopening on the household's objection.
//
// The workflow itself is plain Go without a database (state.go, roles.go,
// data.go, apply.go, followup.go); the store functions (open.go, find.go,
// act.go, enrol.go, counts.go) run it inside the caller's transaction and
// filter every query by the caller's region scope: a case outside the scope
// is store.ErrNotFound.
package casework
