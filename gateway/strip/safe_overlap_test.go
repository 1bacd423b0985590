package strip

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// A safe idiom that starts inside a longer term and runs past it wins
// (leftmost-longest matching alone would let the earlier term hide it), a
// clinical term that starts inside a safe phrase and adds a clinical word wins
// over it, and a plural whose exact form only starts a safe phrase falls back
// to its singular term. The embedded knowledge plus one term that overlaps a
// safe phrase ("had a stroke" against "stroke of luck") and one safe phrase
// that starts with a plural ("strokes of genius").
func TestSafeIdiomAcrossTerm(t *testing.T) {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(knowledgeFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(knowledgeFS, p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["lexicon/en/condition.overlaptest.txt"] = &fstest.MapFile{Data: []byte("had a stroke\n")}
	// a safe phrase that starts with a plural whose singular is a term
	fsys["context/en/safe.txt"] = &fstest.MapFile{Data: append(fsys["context/en/safe.txt"].Data, "\nstrokes of genius\n"...)}
	k, err := loadKnowledge(fsys)
	if err != nil {
		t.Fatal(err)
	}
	s := newFromKnowledge(k)
	for _, tc := range []struct {
		text     string
		clinical bool
	}{
		{"he had a stroke of luck at the casino", false},
		{"we had a stroke of luck, the bank was still open", false},
		{"my dad had a stroke last week", true},
		{"she had a stroke on Sunday and can't talk", true},
		// the plural's exact form only starts "strokes of genius": its singular still counts
		{"my dad had two strokes last year", true},
		{"two strokes of genius in one game", false},
		// a safe exclamation does not hide a term that starts inside it and says more
		{"what a pain this form is", false},
		{"what a pain in my lower back this week", true},
		{"the regulators published the bank stress test results", false},
	} {
		r := s.Strip(tc.text)
		if r.Clinical != tc.clinical {
			t.Errorf("%q: clinical = %v, want %v (redacted %q)", tc.text, r.Clinical, tc.clinical, r.Redacted)
		}
	}
}
