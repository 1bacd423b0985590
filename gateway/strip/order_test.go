package strip

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// A message's result must not depend on the message stripped before it: the
// per-message caches (word lists, gazetteer kinds) are filled by the
// identifier pass, and a matcher that read them earlier saw the previous
// message's values ("ABN 51 824 753 556" came out as a name and a phone after
// one message and as an id after another). Strip two sets of messages in both
// orders and compare.
func TestStripIndependentOfOrder(t *testing.T) {
	var texts []string
	for _, path := range []string{"testdata/en/fresh27.jsonl", "testdata/en/fresh33.jsonl"} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m struct{ Text string }
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatal(err)
			}
			texts = append(texts, m.Text)
		}
		f.Close()
	}
	s := Default()
	fwd := make([]string, len(texts))
	for i, x := range texts {
		fwd[i] = s.Strip(x).Redacted
	}
	for i := len(texts) - 1; i >= 0; i-- {
		if got := s.Strip(texts[i]).Redacted; got != fwd[i] {
			t.Errorf("message %d depends on the one before it:\n forward  %q\n backward %q", i, fwd[i], got)
		}
	}
}
