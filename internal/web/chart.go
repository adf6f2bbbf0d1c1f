package web

// bar is one bar of a server-drawn SVG bar chart.
type bar struct {
	Label string
	Value int
	Width int // 0–100, share of the chart's largest value
}

// chart is a titled group of bars.
type chart struct {
	Title string // catalogue key
	Unit  string // catalogue key
	Bars  []bar
}

// newChart scales the bars to the largest value with integer arithmetic; a
// non-zero value gets at least 1 so it stays visible.
func newChart(title, unit string, labels []string, values []int) chart {
	max := 0
	for _, v := range values {
		max = maxInt(max, v)
	}
	c := chart{Title: title, Unit: unit}
	for i, l := range labels {
		w := 0
		if max > 0 {
			w = values[i] * 100 / max
		}
		if values[i] > 0 && w == 0 {
			w = 1
		}
		c.Bars = append(c.Bars, bar{Label: l, Value: values[i], Width: w})
	}
	return c
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}
