package strip

import (
	"fmt"
	"io/fs"
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

// expandFile runs the lines of a file through one lineExpander.
func expandFile(lines ...string) ([][]string, error) {
	var x lineExpander
	var out [][]string
	for i, l := range lines {
		var got []string
		if err := x.expand(i+1, l, func(s string) { got = append(got, s) }); err != nil {
			return out, fmt.Errorf("line %d: %v", i+1, err)
		}
		out = append(out, got)
	}
	return out, nil
}

func TestNamedGroups(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  [][]string // phrases per line
		err   string
	}{
		{name: "definition and use", lines: []string{"@med = {my|the} pills|it", "took @med"},
			want: [][]string{nil, {"took my pills", "took the pills", "took it"}}},
		{name: "inside a group", lines: []string{"@med = my pills", "{took|missed} {@med|them}"},
			want: [][]string{nil, {"took my pills", "took them", "missed my pills", "missed them"}}},
		{name: "optional and glued", lines: []string{"@w = withdraw{al|l}", "[@w] {@w}s"},
			want: [][]string{nil, {"withdrawal withdrawals", "withdrawal withdrawls", "withdrawl withdrawals", "withdrawl withdrawls", "withdrawals", "withdrawls"}}},
		{name: "nesting", lines: []string{"@a = x|y", "@b = @a z|w", "@c = {@b|v}", "@c!"},
			want: [][]string{nil, nil, nil, {"x z!", "y z!", "w!", "v!"}}},
		{name: "same as written out", lines: []string{"@a = {b|c} d|e", "f @a", "f {{b|c} d|e}"},
			want: [][]string{nil, {"f b d", "f c d", "f e"}, {"f b d", "f c d", "f e"}}},
		{name: "spaces and tabs", lines: []string{"@a\t=  b |c", "@a  x"}, want: [][]string{nil, {"b x", "c x"}}},
		{name: "name ends at a non-name byte", lines: []string{"@a_1 = b", "@a_1's"}, want: [][]string{nil, {"b's"}}},
		{name: "undefined", lines: []string{"took @med"}, err: "line 1: @med at column 6 is not defined"},
		{name: "used before its definition", lines: []string{"took @med", "@med = it"}, err: "line 1: @med"},
		{name: "undefined in a definition", lines: []string{"@a = @b"}, err: "line 1: @b at column 6 is not defined"},
		{name: "self reference", lines: []string{"@a = x|@a"}, err: "@a at column 8 is not defined"},
		{name: "redefinition", lines: []string{"@a = x", "y", "@a = z"}, err: "line 3: @a is already defined on line 1"},
		{name: "no name", lines: []string{"@ = x"}, err: "malformed definition"},
		{name: "upper case name", lines: []string{"@Med = x"}, err: "malformed definition"},
		{name: "name starts with a digit", lines: []string{"@1a = x"}, err: "malformed definition"},
		{name: "bad byte in name", lines: []string{"@me-d = x"}, err: "malformed definition"},
		{name: "empty body", lines: []string{"@a =   "}, err: "has no alternatives"},
		{name: "second =", lines: []string{"@a = b = c"}, err: "'=' at column 8 outside a definition"},
		{name: "= in a phrase", lines: []string{"a = b"}, err: "'=' at column 3 outside a definition"},
		{name: "unbalanced body", lines: []string{"@a = {b|c"}, err: "unclosed '{' at column 6"},
		{name: "stray closer in body", lines: []string{"@a = b}"}, err: "unexpected '}' at column 7"},
		{name: "bare @", lines: []string{"a @ b"}, err: "'@' at column 3 is not followed by a group name"},
		{name: "depth counts the named group", lines: []string{"@a = " + strings.Repeat("{", 6) + "x" + strings.Repeat("}", 6), "{@a}", "{{@a}}"},
			err: "line 3: groups nested too deeply"},
		{name: "definition too many phrases", lines: []string{"@a = {a|b|c|d|e|f|g|h|i|j}{a|b|c|d|e|f|g|h|i|j}", "@b = @a @a @a"}, err: "line 2: @b expands to more than 10000"},
		{name: "use too many phrases", lines: []string{"@a = {a|b|c|d|e|f|g|h|i|j}{a|b|c|d|e|f|g|h|i|j}", "@a @a [x]"}, err: "more than 10000 phrases"},
		{name: "written-out width", lines: []string{"@a = " + strings.Repeat("x", 3000), "@b = @a@a@a"}, err: "line 2: @b is 9008 characters long"},
		{name: "written-out width of a line", lines: []string{"@a = " + strings.Repeat("x", 3000), "@a @a @a"}, err: "line 2: line is 9008 characters long"},
	}
	for _, c := range cases {
		got, err := expandFile(c.lines...)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: err %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// Named groups belong to one file and fail loading with its name and line.
func TestNamedGroupsLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"lexicon/en/symptom.txt":   {Data: []byte("# c\n@bad = {awful|nasty}  # a comment\n@bad {headache|migraine}\n")},
		"lexicon/en/condition.txt": {Data: []byte("@bad flu\n")},
	}
	_, err := loadKnowledge(fsys)
	if err == nil || !strings.Contains(err.Error(), "strip: lexicon/en/condition.txt:1: @bad at column 1 is not defined") {
		t.Fatalf("err = %v, want @bad undefined in condition.txt:1", err)
	}
	fsys["lexicon/en/condition.txt"] = &fstest.MapFile{Data: []byte("flu\n")}
	k, err := loadKnowledge(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := k.termCount["en/symptom"]; got != 4 {
		t.Errorf("en/symptom: %d terms, want 4", got)
	}
	fsys["lexicon/en/condition.txt"] = &fstest.MapFile{Data: []byte("@flu = flu\nx\n@flu = the flu\n")}
	if _, err = loadKnowledge(fsys); err == nil || !strings.Contains(err.Error(), "strip: lexicon/en/condition.txt:3: @flu is already defined on line 1") {
		t.Fatalf("err = %v, want a redefinition on condition.txt:3", err)
	}
}

// Every named group of the embedded files is used.
func TestEmbeddedNamedGroupsUsed(t *testing.T) {
	err := fs.WalkDir(knowledgeFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		data, err := fs.ReadFile(knowledgeFS, p)
		if err != nil {
			return err
		}
		var x lineExpander
		for n, line := range strings.Split(string(data), "\n") {
			if i := strings.Index(line, "#"); i >= 0 {
				line = line[:i]
			}
			if line = strings.TrimSpace(line); line != "" {
				if err := x.expand(n+1, line, func(string) {}); err != nil {
					return fmt.Errorf("%s:%d: %v", p, n+1, err)
				}
			}
		}
		for name, d := range x.defs {
			if !d.used {
				t.Errorf("%s:%d: @%s is never used", p, d.line, name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzExpandFile(f *testing.F) {
	for _, s := range []string{
		"@med = {my|the} pills|it\ntook @med\n{missed|skipped} {@med|them}",
		"@a = x|y\n@b = @a z|w\n@b!\n@b = q",
		"@a = {a|b|c|d|e|f|g|h|i|j}\n@b = @a@a@a\n@c = @b @b\n@c",
		"@a = xxxxxxxxxxxxxxxx\n@b = @a@a@a@a\n@c = @b@b@b@b\n@d = @c@c@c@c\n@d@d",
		"@a = {}\n@b = @a@a@a@a@a@a@a@a\n@c = @b@b@b@b@b@b@b@b\n@c",
		"@ = x\n@a = \n@a b\na = b\n@a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		var x lineExpander
		for n, line := range strings.Split(file, "\n") {
			c := 0
			seen := map[string]bool{}
			err := x.expand(n+1, line, func(s string) {
				c++
				if seen[s] {
					t.Fatalf("%q: %q listed twice", line, s)
				}
				seen[s] = true
				if len(s) > max(len(line), maxLineWidth) {
					t.Fatalf("%q: expansion of %d bytes", line, len(s))
				}
				if strings.ContainsAny(line, "{}[]|@=") && (s == "" || strings.ContainsAny(s, "{}[]|@=")) {
					t.Fatalf("%q: bad expansion %q", line, s)
				}
			})
			if err != nil && c > 0 {
				t.Fatalf("%q: %d phrases and error %v", line, c, err)
			}
			if c > maxLineExpansions {
				t.Fatalf("%q: %d phrases", line, c)
			}
		}
	})
}
