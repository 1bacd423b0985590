package strip

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func expandAll(line string) ([]string, error) {
	var out []string
	err := expandLine(line, func(s string) { out = append(out, s) })
	return out, err
}

func TestExpandLine(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		err  string
	}{
		{in: "continue taking it", want: []string{"continue taking it"}},
		{in: "  tabs\tkept  as is ", want: []string{"  tabs\tkept  as is "}}, // no group: untouched
		{in: "{took|was taking} it", want: []string{"took it", "was taking it"}},
		{in: "{took|was taking} {it|them}", want: []string{"took it", "took them", "was taking it", "was taking them"}},
		{in: "feel {so |}tired", want: []string{"feel so tired", "feel tired"}},
		{in: "feel [so] tired", want: []string{"feel so tired", "feel tired"}},
		{in: "feel [really so] tired", want: []string{"feel really so tired", "feel tired"}},
		{in: "[{very|so}] tired", want: []string{"very tired", "so tired", "tired"}},
		{in: "withdraw{al|als|l}", want: []string{"withdrawal", "withdrawals", "withdrawl"}},
		{in: "{a|{b|c} d} e", want: []string{"a e", "b d e", "c d e"}},
		{in: "{a|a} {b|}", want: []string{"a b", "a"}}, // repeats listed once
		{in: "{|} []", want: nil}, // only empty results
		{in: "~{tired|worn out}", want: []string{"~tired", "~worn out"}},
		{in: "{grandma's|my} pills", want: []string{"grandma's pills", "my pills"}},
		{in: "{a|b", err: "unclosed"},
		{in: "a|b", err: "unexpected"},
		{in: "a}", err: "unexpected"},
		{in: "[a}", err: "closes"},
		{in: "{a]", err: "closes"},
		{in: "[a|b]", err: "inside [...]"},
		{in: strings.Repeat("{", 9) + "a" + strings.Repeat("}", 9), err: "nested too deeply"},
		{in: strings.Repeat("{a|b|c|d|e|f|g|h|i|j}", 4), want: nil}, // exactly 10,000: allowed
		{in: strings.Repeat("{a|b|c|d|e|f|g|h|i|j}", 4) + "[x]", err: "more than 10000"},
		{in: strings.Repeat("{a|b}", 64), err: "more than 10000"}, // no overflow
	}
	for _, c := range cases {
		got, err := expandAll(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if c.want == nil && strings.HasPrefix(c.in, "{a|b|c") {
			if len(got) != 10000 {
				t.Errorf("%q: %d phrases, want 10000", c.in, len(got))
			}
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

// A bad group fails loading with the file and line.
func TestExpandLineLoadError(t *testing.T) {
	fsys := fstest.MapFS{
		"lexicon/en/symptom.txt": {Data: []byte("# comment\nheadache\n{took|was taking it\n")},
	}
	_, err := loadKnowledge(fsys)
	if err == nil || !strings.Contains(err.Error(), "lexicon/en/symptom.txt:3:") || !strings.Contains(err.Error(), "unclosed") {
		t.Fatalf("err = %v, want one naming lexicon/en/symptom.txt:3", err)
	}
	fsys["lexicon/en/symptom.txt"] = &fstest.MapFile{Data: []byte("ok\n" + strings.Repeat("{a|b|c|d|e|f|g|h|i|j|k}", 4) + "\n")}
	_, err = loadKnowledge(fsys)
	if err == nil || !strings.Contains(err.Error(), "symptom.txt:2:") || !strings.Contains(err.Error(), "more than 10000") {
		t.Fatalf("err = %v, want the cap error on line 2", err)
	}
	fsys["lexicon/en/symptom.txt"] = &fstest.MapFile{Data: []byte("{bad|awful} {headache|migraine} # a comment [x]\n")}
	k, err := loadKnowledge(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := k.termCount["en/symptom"]; got != 4 {
		t.Errorf("en/symptom: %d terms, want 4", got)
	}
}

// No embedded knowledge file uses a group character outside the syntax.
func TestEmbeddedFilesExpand(t *testing.T) {
	if _, err := loadKnowledge(knowledgeFS); err != nil {
		t.Fatal(err)
	}
}

func FuzzExpandLine(f *testing.F) {
	for _, s := range []string{
		"continue taking it", "{took|was taking} [all] {it|them}", "withdraw{al|als}",
		"{a|{b|c} d} e", "[{very|so}] tired", "{a|b", "a|b}", "[a|b]", "{|}[]{}",
		strings.Repeat("{a|b}", 20),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		n := 0
		seen := map[string]bool{}
		err := expandLine(line, func(s string) {
			n++
			if seen[s] {
				t.Fatalf("%q: %q listed twice", line, s)
			}
			seen[s] = true
			if len(s) > len(line) {
				t.Fatalf("%q: expansion %q longer than the line", line, s)
			}
			if strings.ContainsAny(line, "{}[]|") && (s == "" || strings.ContainsAny(s, "{}[]|")) {
				t.Fatalf("%q: bad expansion %q", line, s)
			}
		})
		if err != nil && n > 0 {
			t.Fatalf("%q: %d phrases and error %v", line, n, err)
		}
		if n > maxLineExpansions {
			t.Fatalf("%q: %d phrases", line, n)
		}
	})
}
