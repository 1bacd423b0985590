package strip

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// A bracket group in the knowledge files is an optional phrase part, not a
// character class: "[0-9]" lists the words "0-9" and nothing, and "{19[0-9]}"
// lists "19" and "190-9". No file may hold a group that reads like a class.
func TestNoCharacterClassGroups(t *testing.T) {
	class := regexp.MustCompile(`\[[0-9a-zA-Z]-[0-9a-zA-Z]\]`)
	err := fs.WalkDir(knowledgeFS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txt") {
			return err
		}
		b, err := fs.ReadFile(knowledgeFS, path)
		if err != nil {
			return err
		}
		for n, line := range strings.Split(string(b), "\n") {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			if m := class.FindString(line); m != "" {
				t.Errorf("%s:%d: %q reads like a character class; write the words out", path, n+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
