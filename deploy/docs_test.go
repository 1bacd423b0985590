package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/gateway/config"
)

const operatorDocs = "../docs/operator"

// docFiles returns every Markdown page of the operator guide.
func docFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(operatorDocs, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[p] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no operator guide pages found")
	}
	return out
}

// TestOperatorDocsConfigKeys: every FERRY_* variable the guide names is a real
// configuration key (or one of the compose file's FERRY_DEV_* trial variables), so the
// guide cannot document a setting Ferry does not have.
func TestOperatorDocsConfigKeys(t *testing.T) {
	known := map[string]bool{}
	for _, k := range config.Keys() {
		known[k] = true
	}
	allowed := map[string]bool{
		"FERRY_DEV_VAULT_TOKEN": true, "FERRY_DEV_DB_PASSWORD": true, // deploy/compose.yaml only
		"FERRY_PLATFORM_API_BASE": true, // the pattern FERRY_<PLATFORM>_API_BASE, after <> are dropped
	}
	re := regexp.MustCompile(`\bFERRY_[A-Z0-9_<>]+`)
	for p, text := range docFiles(t) {
		for _, m := range re.FindAllString(text, -1) {
			k := strings.TrimRight(strings.NewReplacer("<", "", ">", "").Replace(m), "_")
			if !known[k] && !allowed[k] {
				t.Errorf("%s names %s, which is not a Ferry configuration key", p, m)
			}
		}
	}
}

// TestOperatorDocsMetrics: every ferry_* metric the guide names is registered in
// gateway/metrics, and every registered metric is documented.
func TestOperatorDocsMetrics(t *testing.T) {
	src, err := os.ReadFile("../gateway/metrics/metrics.go")
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for _, m := range regexp.MustCompile(`Namespace: "ferry", Name: "([a-z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		registered["ferry_"+m[1]] = true
	}
	if len(registered) == 0 {
		t.Fatal("found no metric definitions in gateway/metrics/metrics.go")
	}
	docs := docFiles(t)
	mentioned := map[string]bool{}
	re := regexp.MustCompile(`\bferry_[a-z_]+`)
	for p, text := range docs {
		for _, m := range re.FindAllString(text, -1) {
			name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m, "_bucket"), "_sum"), "_count")
			if strings.HasPrefix(name, "ferry_dev") || name == "ferry_tls" || name == "ferry_admin" {
				continue // not metrics: compose variables, Kubernetes names
			}
			if !registered[name] {
				t.Errorf("%s names metric %s, which gateway/metrics does not register", p, m)
			}
			mentioned[name] = true
		}
	}
	for name := range registered {
		if !mentioned[name] {
			t.Errorf("metric %s is not documented in the operator guide", name)
		}
	}
}

// TestOperatorDocsLinks: relative links between pages and to repository files resolve.
func TestOperatorDocsLinks(t *testing.T) {
	re := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for p, text := range docFiles(t) {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			full := p
			if file != "" {
				full = filepath.Join(filepath.Dir(p), file)
				if _, err := os.Stat(full); err != nil {
					t.Errorf("%s links to %s, which does not exist", p, target)
					continue
				}
			}
			if anchor != "" && strings.HasSuffix(full, ".md") {
				b, err := os.ReadFile(full)
				if err == nil && !hasAnchor(string(b), anchor) {
					t.Errorf("%s links to %s, but %s has no heading with that anchor", p, target, full)
				}
			}
		}
	}
}

// hasAnchor reports whether a Markdown page has a heading whose GitHub anchor is anchor.
func hasAnchor(md, anchor string) bool {
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		var b strings.Builder
		for _, r := range h {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
				b.WriteRune(r)
			case r == ' ':
				b.WriteRune('-')
			}
		}
		if b.String() == anchor {
			return true
		}
	}
	return false
}

func TestHasAnchor(t *testing.T) {
	md := "# Title\n\n### `kubernetes` (Kubernetes)\n## TLS to Vault\n"
	for _, a := range []string{"title", "kubernetes-kubernetes", "tls-to-vault"} {
		if !hasAnchor(md, a) {
			t.Errorf("anchor %q not found", a)
		}
	}
	if hasAnchor(md, "missing") {
		t.Error("found a missing anchor")
	}
}

// TestOperatorDocsVault: the guide's policy table lists every path of deploy/vault/ferry.hcl,
// and the bootstrap flags it names are exactly the ones `ferry vault bootstrap` has.
func TestOperatorDocsVault(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(operatorDocs, "vault.md"))
	if err != nil {
		t.Fatal(err)
	}
	hcl, err := os.ReadFile("vault/ferry.hcl")
	if err != nil {
		t.Fatal(err)
	}
	paths := regexp.MustCompile(`(?m)^path "([^"]+)"`).FindAllStringSubmatch(string(hcl), -1)
	if len(paths) == 0 {
		t.Fatal("no paths in deploy/vault/ferry.hcl")
	}
	for _, p := range paths {
		if !strings.Contains(string(doc), "`"+p[1]+"`") {
			t.Errorf("vault.md does not document policy path %s", p[1])
		}
	}
	cli, err := os.ReadFile("../gateway/cli/vault.go")
	if err != nil {
		t.Fatal(err)
	}
	flags := map[string]bool{}
	for _, m := range regexp.MustCompile(`f\.\w+Var\(&[^,]+, "([a-z-]+)"`).FindAllStringSubmatch(string(cli), -1) {
		flags[m[1]] = true
	}
	if len(flags) == 0 {
		t.Fatal("no flags found in gateway/cli/vault.go")
	}
	named := map[string]bool{}
	for _, m := range regexp.MustCompile("`(--[a-z-]+)").FindAllStringSubmatch(string(doc), -1) {
		named[strings.TrimPrefix(m[1], "--")] = true
	}
	for _, m := range regexp.MustCompile(`ferry vault bootstrap((?: --[a-z-]+(?:=\S+)?)+)`).FindAllStringSubmatch(string(doc), -1) {
		for _, f := range regexp.MustCompile(`--([a-z-]+)`).FindAllStringSubmatch(m[1], -1) {
			named[f[1]] = true
		}
	}
	for f := range flags {
		if !named[f] {
			t.Errorf("vault.md does not document the bootstrap flag --%s", f)
		}
	}
	for f := range named {
		if !flags[f] {
			t.Errorf("vault.md names --%s, which ferry vault bootstrap does not have", f)
		}
	}
}
