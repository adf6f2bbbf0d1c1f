package monitoring

// MeasureFits reports whether a measure of type typ and sub-type sub
// addresses one of the risk types risks by the risk–measure table rules:
// a row of a risk type matches it, or the risk type is 其他 (any measure
// addresses it). A bracketed sub-type of a risk type is ignored.
func MeasureFits(rules []FitRule, risks []string, typ, sub string) bool {
	m := Measure{Type: typ, Subtype: sub}
	for _, risk := range risks {
		base := riskBase(risk)
		var own []FitRule
		for _, r := range rules {
			if r.RiskType == base {
				own = append(own, r)
			}
		}
		if _, ok := fits(base, own, m); ok {
			return true
		}
	}
	return false
}
