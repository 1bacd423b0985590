package admin

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
)

// palette is Okabe-Ito: distinguishable with the common colour-vision deficiencies.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D1F", "#444444"}

// seriesTotal is one legend entry: a key, its colour and its total.
type seriesTotal struct {
	Key   string
	Color string
	Total int64
}

const (
	chartW, chartH         = 800, 260
	padL, padR, padT, padB = 44, 44, 12, 36
)

// niceMax rounds a maximum up so that the four grid steps are round whole numbers.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 4
	}
	if v <= 40 {
		return math.Ceil(v/4) * 4
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*e >= v {
			return m * e
		}
	}
	return 10 * e
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// axes draws the frame, horizontal grid lines with labels, and the day labels.
func axes(b *strings.Builder, days []string, ymax float64, yfmt func(float64) string) {
	plotH := float64(chartH - padT - padB)
	for i := 0; i <= 4; i++ {
		y := float64(padT) + plotH - plotH*float64(i)/4
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d0d7de" stroke-width="1"/>`, padL, y, chartW-padR, y)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end" font-size="11" fill="#57606a">%s</text>`, padL-6, y+4, esc(yfmt(ymax*float64(i)/4)))
	}
	n := len(days)
	if n == 0 {
		return
	}
	step := max(1, int(math.Ceil(float64(n)/12)))
	slot := float64(chartW-padL-padR) / float64(n)
	for i := 0; i < n; i += step {
		x := float64(padL) + slot*(float64(i)+0.5)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11" fill="#57606a">%s</text>`, x, chartH-padB+16, esc(days[i][5:]))
	}
}

// stackedChart renders counts per day as stacked bars, one colour per key, as inline SVG.
func stackedChart(title string, days []string, counts []DayCount) (template.HTML, []seriesTotal) {
	totals := map[string]int64{}
	perDay := map[string]map[string]int64{}
	for _, c := range counts {
		totals[c.Key] += c.Count
		if perDay[c.Day] == nil {
			perDay[c.Day] = map[string]int64{}
		}
		perDay[c.Day][c.Key] += c.Count
	}
	keys := make([]string, 0, len(totals))
	for k := range totals {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if totals[keys[i]] != totals[keys[j]] {
			return totals[keys[i]] > totals[keys[j]]
		}
		return keys[i] < keys[j]
	})
	color := map[string]string{}
	legend := make([]seriesTotal, 0, len(keys))
	for i, k := range keys {
		color[k] = palette[min(i, len(palette)-1)]
		legend = append(legend, seriesTotal{Key: k, Color: color[k], Total: totals[k]})
	}
	var ymax float64
	for _, d := range days {
		var sum int64
		for _, v := range perDay[d] {
			sum += v
		}
		ymax = math.Max(ymax, float64(sum))
	}
	ymax = niceMax(ymax)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, chartW, chartH, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	axes(&b, days, ymax, func(v float64) string { return fmt.Sprintf("%g", math.Round(v*10)/10) })
	if len(days) > 0 {
		plotH := float64(chartH - padT - padB)
		slot := float64(chartW-padL-padR) / float64(len(days))
		bw := math.Max(1, slot*0.72)
		for i, d := range days {
			x := float64(padL) + slot*float64(i) + (slot-bw)/2
			y := float64(padT) + plotH
			for _, k := range keys {
				v := perDay[d][k]
				if v == 0 {
					continue
				}
				h := plotH * float64(v) / ymax
				y -= h
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %d</title></rect>`,
					x, y, bw, h, color[k], esc(d), esc(k), v)
			}
		}
	}
	if len(keys) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="14" fill="#57606a">No data in this period</text>`, chartW/2, chartH/2)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), legend
}

// linkChart renders links issued and redeemed per day (bars) and the day's redemption
// rate (line, right axis 0-100%).
func linkChart(st *Stats) template.HTML {
	days := st.Days
	byDay := map[string]LinkDay{}
	var ymax float64
	for _, d := range st.Links.ByDay {
		byDay[d.Day] = d
		ymax = math.Max(ymax, float64(d.Issued))
		ymax = math.Max(ymax, float64(d.Redeemed))
	}
	ymax = niceMax(ymax)
	title := "Links issued and redeemed per day, with the redemption rate"
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, chartW, chartH, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	axes(&b, days, ymax, func(v float64) string { return fmt.Sprintf("%g", math.Round(v*10)/10) })
	plotH := float64(chartH - padT - padB)
	for i := 0; i <= 4; i++ {
		y := float64(padT) + plotH - plotH*float64(i)/4
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" font-size="11" fill="#009E73">%d%%</text>`, chartW-2, y+4, i*25)
	}
	if len(days) > 0 {
		slot := float64(chartW-padL-padR) / float64(len(days))
		bw := math.Max(1, slot*0.36)
		var pts []string
		for i, day := range days {
			d := byDay[day]
			x := float64(padL) + slot*float64(i) + slot*0.14
			hi := plotH * float64(d.Issued) / ymax
			hr := plotH * float64(d.Redeemed) / ymax
			base := float64(padT) + plotH
			if d.Issued > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#0072B2"><title>%s issued: %d</title></rect>`, x, base-hi, bw, hi, esc(day), d.Issued)
			}
			if d.Redeemed > 0 {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#E69F00"><title>%s redeemed: %d</title></rect>`, x+bw, base-hr, bw, hr, esc(day), d.Redeemed)
			}
			if d.Issued > 0 {
				rate := math.Min(1, float64(d.Redeemed)/float64(d.Issued))
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x+bw, base-plotH*rate))
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#009E73"><title>%s redemption rate: %.0f%%</title></circle>`, x+bw, base-plotH*rate, esc(day), rate*100)
			}
		}
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#009E73" stroke-width="2"/>`, strings.Join(pts, " "))
		}
	}
	if st.Links.Issued == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="14" fill="#57606a">No links issued in this period</text>`, chartW/2, chartH/2)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
