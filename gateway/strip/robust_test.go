package strip

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkInvariants verifies the contract of Result for any input.
func checkInvariants(t testing.TB, s *Stripper, text string, r Result) {
	t.Helper()
	if !utf8.ValidString(r.Redacted) {
		t.Fatalf("redacted output is not valid UTF-8")
	}
	// rune starts as Go decodes the string (an invalid byte is a one-byte rune)
	starts := make(map[int]bool, len(text)+1)
	if len(r.Findings) > 0 {
		for i := range text {
			starts[i] = true
		}
		starts[len(text)] = true
	}
	prevEnd := 0
	for i, f := range r.Findings {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			t.Fatalf("finding %d out of range: %+v (len %d)", i, f, len(text))
		}
		if f.Start < prevEnd {
			t.Fatalf("findings overlap or are unsorted at %d: %+v", i, r.Findings)
		}
		prevEnd = f.End
		if !starts[f.Start] || !starts[f.End] {
			t.Fatalf("finding %d not on a rune boundary: %+v", i, f)
		}
	}
	if r.Lang == "" {
		t.Fatalf("empty Lang")
	}
	if r.Clinical != (len(r.Categories) > 0) {
		t.Fatalf("Clinical=%v but Categories=%v", r.Clinical, r.Categories)
	}
	// no finding's text (>= 4 letters) survives as a whole-token sequence in the output
	var tbR, tbF tokbuf
	tokenize(r.Redacted, &tbR)
	red := make([]string, 0, len(tbR.toks))
	for i := range tbR.toks {
		red = append(red, tbR.normOf(i))
	}
	pos := map[string][]int{}
	for i, w := range red {
		pos[w] = append(pos[w], i)
	}
	seen := map[string]bool{}
	for _, f := range r.Findings {
		ft := text[f.Start:f.End]
		if seen[ft] {
			continue
		}
		seen[ft] = true
		letters := 0
		for _, c := range ft {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 127 && c != utf8.RuneError {
				letters++
			}
		}
		if letters < 4 || !utf8.ValidString(ft) {
			continue
		}
		tokenize(ft, &tbF)
		var seq []string
		for i := range tbF.toks {
			seq = append(seq, tbF.normOf(i))
		}
		if len(seq) == 1 && isPlaceholderWord(seq[0]) {
			continue
		}
		if containsSeqAt(red, seq, pos[seq[0]]) {
			t.Fatalf("finding %q (%s) survives in %q", ft, f.Category, r.Redacted)
		}
	}
}

func isPlaceholderWord(w string) bool {
	for _, c := range clinicalCategories {
		if c == w {
			return true
		}
	}
	for _, c := range identifierCategories {
		if c == w {
			return true
		}
	}
	return false
}

func containsSeqAt(hay, needle []string, starts []int) bool {
	if len(needle) == 0 {
		return false
	}
outer:
	for _, i := range starts {
		if i+len(needle) > len(hay) {
			continue
		}
		for j := range needle {
			if hay[i+j] != needle[j] {
				continue outer
			}
		}
		// a placeholder such as "[name]" is not a survival
		if i > 0 && hay[i-1] == "[" && len(needle) == 1 && i+1 < len(hay) && hay[i+1] == "]" && isPlaceholderWord(needle[0]) {
			continue
		}
		return true
	}
	return false
}

var fuzzSeeds = []string{
	"",
	" ",
	"#breastcancer #type1diabetes#chronicpain #",
	"hemoglobin 8.1 g/dL, PSA 6.3 ng/mL, INV-30412-B",
	"I have a fever of 102 and my chest feels tight, call me at 617-555-0142",
	"my daughter's asthma is worse since she ran out of albuterol, she's 6, DOB 3/4/2019, we're at 12 Elm St",
	"😷🤒 tengo fiebre y me duele la cabeza 💊",
	"Привет, I'm John Smith, 日本語 テキスト, email john@example.com",
	"\xff\xfe invalid \xc3\x28 utf8 \xe2\x82",
	"Dr. Patel said my A1C was 9.2 and to take metformin 500mg bid",
	"I want to kill myself",
	"----....////####@@@@",
	"1/2/3/4/5/6/7/8/9 10/700/.50/5 +1 (555) 010-0100 ext 12",
	"Thanks, Maria\n- Jose",
	"my my my my my cold cold tired sick pressure",
}

func FuzzStrip(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	s := Default()
	f.Fuzz(func(t *testing.T, text string) {
		r := s.Strip(text)
		checkInvariants(t, s, text, r)
	})
}

func TestInvariantsOnSeeds(t *testing.T) {
	s := Default()
	for _, text := range fuzzSeeds {
		checkInvariants(t, s, text, s.Strip(text))
	}
}

func TestLargeInput(t *testing.T) {
	s := Default()
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("My name is John Smith and I have chest pain since 3/4/2019, call 617-555-0142. 🙂 ")
	}
	text := b.String()
	r := s.Strip(text)
	checkInvariants(t, s, text, r)
	if !r.Clinical || r.Urgency != "emergency" {
		t.Fatalf("1 MB input: clinical=%v urgency=%q", r.Clinical, r.Urgency)
	}
	if strings.Contains(r.Redacted, "chest pain") || strings.Contains(r.Redacted, "617-555-0142") {
		t.Fatalf("content survived in 1 MB input")
	}
}

// TestLargeRepetitiveInputs: 1 MB messages made of one sentence without an end
// (one sentence, many candidates) and of capitalised runs, the shapes for which a
// per-candidate pass must stay linear (concernAccept, dropFacilityTerms,
// dropBrandNames, dropMediaTitles, dropObjectTerms, the title-case check of a
// name after "call"). The invariants must hold; a quadratic pass shows up here
// as a test that never ends.
func TestLargeRepetitiveInputs(t *testing.T) {
	s := Default()
	for _, c := range []struct{ pre, unit, post string }{
		{"", "back ", "is this normal?"},
		{"", "Oakfield Physical Therapy ", ""},
		{"", "Greenfield Greenfield Surgery ", ""},
		{"", "#breastcancerbreastcancer ", ""},
		{"", "Ask Dr Pepper about John Smith. ", ""},
		{"", "The address of Citigroup is on file, Sarah Lee. ", ""},
		{"play ", "fever heart ", ""},
		{"the engine ", "coughs and splutters ", ""},
		{"account ", "40-", "22 31884592"},
		{"", "Tuesday, March 3 ", ""},
		{"my ", "toenail turning black ", ""},
		{"", "call Jasmine ", ""},
		{"", "GB29 NWBK 6016 1331 9268 19 4111 1111 1111 1111 ", ""},
		{"", "username jdoe_1987 password is Tulip$1977 ", ""},
		{"", "car AA 1234 BX LK64 XYZ 1EG4-TE5-MK73 SW1A 1AA ", ""},
		{"", "but the wallpaper is peeling, ", ""},
		{"", "add cough drops to the shopping list ", ""},
		{"", "Dr. Yasmin ", ""},
		{"", "Pieter van der ", "Berg"},
	} {
		var b strings.Builder
		b.WriteString(c.pre)
		for b.Len() < 1<<20 {
			b.WriteString(c.unit)
		}
		b.WriteString(c.post)
		text := b.String()
		checkInvariants(t, s, text, s.Strip(text))
	}
}

func TestEdgeInputs(t *testing.T) {
	s := Default()
	for _, text := range []string{"", "\x00", "\xff", "🙂", "a", "   \n\n  ", strings.Repeat("x", 10000), strings.Repeat("9", 5000)} {
		r := s.Strip(text)
		checkInvariants(t, s, text, r)
		if r.Clinical {
			t.Errorf("%q flagged clinical", text[:min(len(text), 20)])
		}
	}
	r := s.Strip("\xff fever \xfe")
	if !r.Clinical || !utf8.ValidString(r.Redacted) || strings.Contains(r.Redacted, "fever") {
		t.Fatalf("invalid UTF-8 around a term: %+v", r)
	}
}

func TestStreamJSONL(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","text":"I have a migraine"}`,
		`not json at all with secret text fever`,
		`{"id":"c","text":"what time do you open?"}`,
		`{"id":7,"text":"call 617-555-0142"}`,
		`{"id":"e"}`,
		``,
		`{"id":"f","text":"` + strings.Repeat("cough ", 200000) + `"}`,
	}, "\n")
	var out bytes.Buffer
	if err := StreamJSONL(context.Background(), Default(), strings.NewReader(in), &out, 3); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 {
		t.Fatalf("want 6 output lines, got %d", len(lines))
	}
	type rec struct {
		ID       string    `json:"id"`
		Clinical bool      `json:"clinical"`
		Redacted string    `json:"redacted"`
		Findings []Finding `json:"findings"`
		Error    string    `json:"error"`
	}
	var rs []rec
	for _, l := range lines {
		var r rec
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("bad output line: %v", err)
		}
		rs = append(rs, r)
	}
	if rs[0].ID != "a" || !rs[0].Clinical || rs[0].Redacted != "I have a [condition]" {
		t.Errorf("line a: %+v", rs[0])
	}
	if rs[1].Error == "" || strings.Contains(lines[1], "fever") || strings.Contains(lines[1], "secret") {
		t.Errorf("malformed line must yield an error without the input: %s", lines[1])
	}
	if rs[2].ID != "c" || rs[2].Clinical || rs[2].Findings == nil {
		t.Errorf("line c: %+v (findings must be [] not null)", rs[2])
	}
	if rs[3].ID != "7" || len(rs[3].Findings) != 1 || rs[3].Findings[0].Category != "phone" {
		t.Errorf("line 7: %+v", rs[3])
	}
	if rs[4].ID != "e" || rs[4].Error == "" {
		t.Errorf("line e: %+v", rs[4])
	}
	if rs[5].ID != "f" || !rs[5].Clinical {
		t.Errorf("line f (1.2 MB): id=%q clinical=%v", rs[5].ID, rs[5].Clinical)
	}
}

var benchMix = []string{
	"Hi, I need to reschedule my appointment with Dr. Patel to next Tuesday, thanks!",
	"my daughter's asthma is worse since she ran out of albuterol, she's 6, DOB 3/4/2019, we're at 12 Elm St",
	"what time does the pharmacy open on Sunday?",
	"I've had a terrible headache and nausea for three days, took 400mg ibuprofen but it doesn't help",
	"How do I update the card on my account? My member ID is XJ448213",
	"I'm 28 weeks pregnant and I've been spotting since last night, call me at (617) 555-0142",
	"Where can I park when visiting my mom on the 4th floor?",
	"My A1C was 9.2 and my doctor increased my metformin to 1000 mg twice a day",
	"Can I pay my bill online? I got a letter saying I owe $240",
	"feeling really anxious and can't sleep since I stopped taking sertraline, is that withdrawal?",
	"Thanks so much for your help! - Maria",
	"tengo dolor de cabeza y fiebre desde ayer, mi número es 555-201-3344",
	"Hello, I was wondering whether it is normal to still feel some soreness and stiffness in my shoulder two weeks after the rotator cuff repair, and whether I should keep doing the exercises the physical therapist gave me even though they hurt a bit.",
	"Do you have visiting hours on weekends? My family would like to come by on Saturday afternoon and we were not sure whether children are allowed on the ward.",
	"my husband has type 2 diabetes and his sugar has been running high in the mornings even though he takes his insulin at night, should we call the endocrinologist or wait for his visit?",
	"Can someone tell me how to get a copy of my itemized bill? I already paid the copay but the statement still shows a balance and I would like to understand the charges.",
	"I'm so sorry to bother you, I just wanted to say thank you to the nurses on the third floor, they were wonderful with my mother last week.",
	"Is there a pharmacy inside the hospital that is open late? I need to pick up something before I go home tonight.",
	"My son has been coughing at night for about a week, no fever, but he sounds wheezy when he runs around. Could it be asthma or just a cold?",
	"Hi! Where do I park for the imaging center, and is it the same entrance as the main lobby?",
}

// benchMixBytes is the size of one pass over the benchmark mix.
func benchMixBytes() int64 {
	total := 0
	for _, m := range benchMix {
		total += len(m)
	}
	return int64(total)
}

func BenchmarkStrip(b *testing.B) {
	s := Default()
	b.SetBytes(benchMixBytes())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, m := range benchMix {
			s.Strip(m)
		}
	}
	el := b.Elapsed().Seconds()
	if el > 0 {
		b.ReportMetric(float64(b.N*len(benchMix))/el, "msgs/s")
	}
}

// BenchmarkStripPasses shows what the optional passes cost: the mix with every pass, then
// without the residue pass, then without the gazetteer and cue identifier matchers
// (ident_*.go).
func BenchmarkStripPasses(b *testing.B) {
	for _, tc := range []struct {
		name string
		off  *bool
	}{{"all", nil}, {"no-residue", &residueOff}, {"no-ident-extra", &identExtraOff}} {
		b.Run(tc.name, func(b *testing.B) {
			if tc.off != nil {
				*tc.off = true
				defer func() { *tc.off = false }()
			}
			BenchmarkStrip(b)
		})
	}
}

func BenchmarkStripParallel(b *testing.B) {
	s := Default()
	b.SetBytes(benchMixBytes())
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, m := range benchMix {
				s.Strip(m)
			}
		}
	})
}

func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
