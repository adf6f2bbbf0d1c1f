package casework

import (
	"strings"
	"unicode/utf8"

	"fangpin/internal/fault"
)

// RiskTypes are the national risk types (docs/glossary.md#code-lists); 因自然灾害 may carry a
// sub-type in brackets: 因自然灾害(洪涝).
var RiskTypes = []string{"因病", "因残", "因学", "因自然灾害", "因意外事故", "因产业失败", "因务工就业不稳", "因缺劳动力", "其他"}

// MaxRisks is how many risk types one household may carry.
const MaxRisks = 5

const riskDisaster, riskAccident = "因自然灾害", "因意外事故"

// cleanRisks normalises brackets to half-width, checks every type against
// RiskTypes and refuses duplicates and more than MaxRisks.
func cleanRisks(in []string) ([]string, *fault.Error) {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for _, r := range in {
		r = strings.NewReplacer("（", "(", "）", ")", " ", "").Replace(strings.TrimSpace(r))
		if !validRisk(r) {
			return nil, fault.Invalidf("risk_types", "风险类型“%s”不在全国风险类型之列（%s）", "The risk type “%s” is not one of the national risk types (%s)", r, strings.Join(RiskTypes, "、"))
		}
		if seen[r] {
			return nil, fault.Invalidf("risk_types", "风险类型“%s”重复", "The risk type “%s” is given twice", r)
		}
		seen[r] = true
		out = append(out, r)
	}
	if len(out) > MaxRisks {
		return nil, fault.Invalidf("risk_types", "风险类型最多%d种", "At most %d risk types", MaxRisks)
	}
	return out, nil
}

func validRisk(r string) bool {
	base, sub := r, ""
	if i := strings.IndexByte(r, '('); i > 0 && strings.HasSuffix(r, ")") {
		base, sub = r[:i], r[i+1:len(r)-1]
		if base != riskDisaster || sub == "" || utf8.RuneCountInString(sub) > 10 || strings.ContainsAny(sub, "()") {
			return false
		}
	}
	for _, t := range RiskTypes {
		if base == t {
			return true
		}
	}
	return false
}

// greenRisk reports whether the risks open the green channel: a natural
// disaster (of any sub-type) or an accident.
func greenRisk(risks []string) bool {
	for _, r := range risks {
		if r == riskAccident || r == riskDisaster || strings.HasPrefix(r, riskDisaster+"(") {
			return true
		}
	}
	return false
}

func joinRisks(r []string) string { return strings.Join(r, ",") }

func splitRisks(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
