package admin_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ferryhealth/ferry/gateway/audit/audittest"
)

// TestOpenAPIMatchesRoutes checks /openapi.json against the routes Fiber really has: every
// API route is documented and every documented operation is routed. The HTML UI (/ui/...)
// and the / redirect are not part of the API document.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, audittest.SQLite(t), 1)
	st, body, hdr := e.do("GET", "/openapi.json", "", "")
	if st != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /openapi.json: %d %v", st, hdr)
	}
	var doc struct {
		OpenAPI    string                                `json:"openapi"`
		Info       map[string]any                        `json:"info"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas         map[string]any `json:"schemas"`
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info["title"] == nil || doc.Info["version"] == nil {
		t.Fatalf("not an OpenAPI 3 document: %s %v", doc.OpenAPI, doc.Info)
	}

	routed := map[string]bool{}
	param := regexp.MustCompile(`:([A-Za-z0-9_]+)`)
	for _, r := range e.app.GetRoutes(true) {
		if r.Method == "HEAD" || !(strings.HasPrefix(r.Path, "/api/") || r.Path == "/openapi.json") {
			continue
		}
		routed[strings.ToLower(r.Method)+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
	}
	documented := map[string]bool{}
	methods := []string{"get", "put", "post", "delete", "patch", "options", "head", "trace"}
	for path, item := range doc.Paths {
		for m, raw := range item {
			if !slices.Contains(methods, m) {
				continue
			}
			documented[m+" "+path] = true
			var op struct {
				Responses  map[string]any `json:"responses"`
				Parameters []struct {
					Name, In string
					Required bool
				} `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", m, path, err)
			}
			if len(op.Responses) == 0 {
				t.Errorf("%s %s: no responses", m, path)
			}
			// Every {param} in the path is declared as a required path parameter.
			for _, p := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
				ok := false
				for _, d := range op.Parameters {
					ok = ok || (d.Name == p[1] && d.In == "path" && d.Required)
				}
				if !ok {
					t.Errorf("%s %s: path parameter %s not declared", m, path, p[1])
				}
			}
		}
	}
	var missing, extra []string
	for k := range routed {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !routed[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Fatalf("routes not documented: %v\ndocumented but not routed: %v", missing, extra)
	}
	if len(routed) < 12 {
		t.Fatalf("only %d routes found: %v", len(routed), routed)
	}
	// Every $ref resolves.
	for _, m := range regexp.MustCompile(`"\$ref":\s*"#/components/schemas/([^"]+)"`).FindAllStringSubmatch(string(body), -1) {
		if doc.Components.Schemas[m[1]] == nil {
			t.Errorf("$ref to missing schema %s", m[1])
		}
	}
	if doc.Components.SecuritySchemes["auditorToken"] == nil {
		t.Error("security scheme auditorToken missing")
	}
	t.Logf("%d API operations documented and routed", len(routed))
}
