// Package feed imports department feeds (部门数据, docs/formats.md): medical
// claims, education, civil-affairs assistance, disability certificates,
// housing ratings, disaster losses, employment, deaths, insurance enrolment
// and family-doctor contracts. Rows are checked
// one by one, matched to registered persons by the keyed index of their ID
// number (nothing is decrypted), and stored in one table per kind; rows that
// match nobody are kept with person_id NULL, counted and listed, and matched
// later by Rematch. A file is known by its kind and SHA-256, so importing it
// again stores nothing.
package feed

import (
	"strings"

	"fangpin/internal/fault"
)

// Kind is a department feed: the department and what it reports.
type Kind string

// The feed kinds of docs/formats.md.
const (
	Medical    Kind = "medical"    // 医保: claims
	Education  Kind = "education"  // 教育: enrolment and aid
	Civil      Kind = "civil"      // 民政: 低保 / 特困 / 临时救助
	Disability Kind = "disability" // 残联: certificates
	Housing    Kind = "housing"    // 住建: house safety ratings (by household head)
	Disaster   Kind = "disaster"   // 应急: disaster losses (by household head)
	Employment Kind = "employment" // 人社: work and unemployment
	Death      Kind = "death"      // 公安: deaths
	Insurance  Kind = "insurance"  // 医保: enrolment per person and year
	Doctor     Kind = "doctor"     // 卫健: family-doctor contracts
)

// Kinds lists every kind in the order of docs/formats.md.
var Kinds = []Kind{Medical, Education, Civil, Disability, Housing, Disaster, Employment, Death, Insurance, Doctor}

var labels = map[Kind]string{
	Medical: "医保", Education: "教育", Civil: "民政", Disability: "残联",
	Housing: "住建", Disaster: "应急", Employment: "人社", Death: "公安",
	Insurance: "医保参保", Doctor: "家庭医生",
}

// ParseKind reads a kind by its English name or its department's Chinese name.
func ParseKind(s string) (Kind, error) {
	s = strings.TrimSpace(s)
	for _, k := range Kinds {
		if s == string(k) || s == labels[k] {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fault.Invalidf("kind", "未知的部门数据类型 %q（可用: %s）", "Unknown kind of department data %q (one of: %s)", s, strings.Join(names, ", "))
}

// Label is the department's Chinese name (医保, 教育 …).
func (k Kind) Label() string { return labels[k] }

// Table is the table holding the kind's rows ("feed_medical" …).
func (k Kind) Table() string { return "feed_" + string(k) }

// valid reports whether k is one of Kinds.
func (k Kind) valid() bool { _, ok := labels[k]; return ok }
