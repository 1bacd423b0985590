package deploy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction after line continuations are joined.
type instruction struct {
	Line  int      // first line, 1-based
	Cmd   string   // upper case: FROM, RUN, ...
	Flags []string // leading --flags, e.g. --mount=type=cache,target=/go/pkg/mod
	Args  string   // the rest, as written
	JSON  []string // Args in exec (JSON array) form, when it is one
}

// stage is one FROM and what follows it.
type stage struct {
	Image string // as written after FROM (and its flags)
	Name  string // AS name, or ""
	Ins   []instruction
}

// parseDockerfile splits a Dockerfile into instructions: it drops comments and parser
// directives, joins lines ending in the escape character, and separates leading --flags.
// It is enough for Ferry's Dockerfile (no heredocs, default escape).
func parseDockerfile(src string) ([]instruction, error) {
	var out []instruction
	sc := bufio.NewScanner(strings.NewReader(src))
	var cur strings.Builder
	start := 0
	n := 0
	flush := func() error {
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		if text == "" {
			return nil
		}
		cmd, rest, _ := strings.Cut(text, " ")
		in := instruction{Line: start, Cmd: strings.ToUpper(cmd)}
		rest = strings.TrimSpace(rest)
		for strings.HasPrefix(rest, "--") {
			f, r, _ := strings.Cut(rest, " ")
			in.Flags = append(in.Flags, f)
			rest = strings.TrimSpace(r)
		}
		in.Args = rest
		if strings.HasPrefix(rest, "[") {
			if err := json.Unmarshal([]byte(rest), &in.JSON); err != nil {
				return fmt.Errorf("line %d: %s: bad exec form: %v", start, in.Cmd, err)
			}
		}
		if strings.Contains(rest, "<<") && (in.Cmd == "RUN" || in.Cmd == "COPY") {
			return fmt.Errorf("line %d: heredocs are not supported by this checker", start)
		}
		out = append(out, in)
		return nil
	}
	for sc.Scan() {
		n++
		line := sc.Text()
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "#") { // comments (and directives) are dropped, also inside continuations
			continue
		}
		if cur.Len() == 0 {
			if trim == "" {
				continue
			}
			start = n
		}
		if strings.HasSuffix(trim, `\`) {
			cur.WriteString(strings.TrimSuffix(trim, `\`))
			cur.WriteString(" ")
			continue
		}
		cur.WriteString(trim)
		if err := flush(); err != nil {
			return nil, err
		}
	}
	if cur.Len() > 0 {
		return nil, fmt.Errorf("line %d: continuation at end of file", start)
	}
	return out, sc.Err()
}

func stages(ins []instruction) []stage {
	var out []stage
	for _, in := range ins {
		if in.Cmd == "FROM" {
			f := strings.Fields(in.Args)
			st := stage{}
			if len(f) > 0 {
				st.Image = f[0]
			}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.Name = f[2]
			}
			out = append(out, st)
			continue
		}
		if len(out) > 0 {
			out[len(out)-1].Ins = append(out[len(out)-1].Ins, in)
		}
	}
	return out
}

var (
	secretName  = regexp.MustCompile(`(?i)(TOKEN|PASSWORD|PASSWD|SECRET|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|AUTH_?KEY|_KEY$)`)
	digestRef   = regexp.MustCompile(`@sha256:[0-9a-f]{64}$`)
	semverTag   = regexp.MustCompile(`^v?\d+\.\d+(\.\d+)?([-.][0-9A-Za-z.-]+)?$`)
	numericUser = regexp.MustCompile(`^(\d+)(:(\d+))?$`)
)

// imageTag splits an image reference into repository, tag and digest.
func imageTag(ref string) (repo, tag, digest string) {
	if i := strings.Index(ref, "@"); i >= 0 {
		ref, digest = ref[:i], ref[i+1:]
	}
	slash := strings.LastIndex(ref, "/")
	if i := strings.LastIndex(ref, ":"); i > slash {
		return ref[:i], ref[i+1:], digest
	}
	return ref, "", digest
}

// imagePinned says why an image reference is not pinned, or "".
func imagePinned(ref string) string {
	_, tag, digest := imageTag(ref)
	if digest != "" {
		if !digestRef.MatchString(ref) {
			return "malformed digest"
		}
		return ""
	}
	switch {
	case tag == "":
		return "no tag (implicitly latest)"
	case strings.EqualFold(tag, "latest"):
		return "the latest tag"
	case strings.Contains(tag, "$"):
		return "a tag from a build argument"
	}
	return ""
}

// envPairs reads ENV and ARG arguments: "K=V K2=V2", "K V" (legacy ENV) or "K" (ARG).
func envPairs(in instruction) map[string]string {
	out := map[string]string{}
	args := in.Args
	if in.Cmd == "ENV" && !strings.Contains(strings.Fields(args + " ")[0], "=") {
		k, v, _ := strings.Cut(args, " ")
		out[k] = strings.TrimSpace(v)
		return out
	}
	for _, f := range strings.Fields(args) {
		k, v, _ := strings.Cut(f, "=")
		out[k] = strings.Trim(v, `"'`)
	}
	return out
}

// checkDockerfile returns every broken invariant of Ferry's Dockerfile.
func checkDockerfile(src string) []string {
	ins, err := parseDockerfile(src)
	if err != nil {
		return []string{err.Error()}
	}
	var probs []string
	bad := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	st := stages(ins)
	if len(st) < 2 {
		bad("want a multi-stage build (a builder and a runtime stage), have %d stage(s)", len(st))
		return probs
	}
	names := map[string]bool{}
	for _, s := range st {
		if !names[s.Image] {
			if why := imagePinned(s.Image); why != "" {
				bad("FROM %s: base image is not pinned: %s", s.Image, why)
			}
		}
		if s.Name != "" {
			names[s.Name] = true
		}
	}

	// The builder: golang 1.26 image, module and build caches, static trimmed binary.
	build := st[0]
	if repo, tag, _ := imageTag(build.Image); repo != "golang" || !strings.HasPrefix(tag, "1.26") {
		bad("builder stage is %s, want golang:1.26.x", build.Image)
	}
	var goBuild *instruction
	cgoEnv := false
	for i, in := range build.Ins {
		if in.Cmd == "ENV" && envPairs(in)["CGO_ENABLED"] == "0" {
			cgoEnv = true
		}
		if in.Cmd == "RUN" && strings.Contains(in.Args, "go build") {
			goBuild = &build.Ins[i]
		}
	}
	if goBuild == nil {
		bad("builder stage has no RUN ... go build")
	} else {
		if !cgoEnv && !strings.Contains(goBuild.Args, "CGO_ENABLED=0") {
			bad("line %d: go build without CGO_ENABLED=0 (the runtime image has no libc)", goBuild.Line)
		}
		if !strings.Contains(goBuild.Args, "-trimpath") {
			bad("line %d: go build without -trimpath", goBuild.Line)
		}
		if !regexp.MustCompile(`-ldflags=?['"]?-s -w`).MatchString(goBuild.Args) {
			bad("line %d: go build without -ldflags='-s -w'", goBuild.Line)
		}
		mounts := strings.Join(goBuild.Flags, " ")
		for _, target := range []string{"/go/pkg/mod", "/root/.cache/go-build"} {
			if !strings.Contains(mounts, "type=cache") || !strings.Contains(mounts, "target="+target) {
				bad("line %d: go build without a cache mount on %s", goBuild.Line, target)
			}
		}
	}

	// Every stage: no secrets in ENV or ARG (they stay in the image history).
	for _, s := range st {
		for _, in := range s.Ins {
			if in.Cmd != "ENV" && in.Cmd != "ARG" {
				continue
			}
			for k, v := range envPairs(in) {
				if secretName.MatchString(k) {
					bad("line %d: %s %s: secret-looking name; secrets come from Vault at run time", in.Line, in.Cmd, k)
				}
				if secretValue(v) != "" {
					bad("line %d: %s %s: value looks like a secret (%s)", in.Line, in.Cmd, k, secretValue(v))
				}
			}
		}
	}

	// The runtime stage.
	final := st[len(st)-1]
	repo, _, _ := imageTag(final.Image)
	if repo != "gcr.io/distroless/static-debian12" && repo != "scratch" {
		bad("runtime stage is %s, want gcr.io/distroless/static-debian12 or scratch", final.Image)
	}
	if repo == "scratch" && !copies(final, "/etc/passwd") {
		bad("scratch runtime without /etc/passwd for the non-root user")
	}
	if repo == "scratch" && !copies(final, "/etc/ssl/certs") {
		bad("scratch runtime without CA certificates (platform APIs and Vault use TLS)")
	}
	user := ""
	env := map[string]string{}
	var expose []string
	var entry, cmd []string
	volumes := []string{}
	for _, in := range final.Ins {
		switch in.Cmd {
		case "USER":
			user = in.Args
		case "ENV":
			for k, v := range envPairs(in) {
				env[k] = v
			}
		case "EXPOSE":
			expose = append(expose, strings.Fields(in.Args)...)
		case "ENTRYPOINT":
			entry = in.JSON
			if entry == nil {
				bad("line %d: ENTRYPOINT in shell form (no shell in the image; use exec form)", in.Line)
			}
		case "CMD":
			cmd = in.JSON
			if cmd == nil {
				bad("line %d: CMD in shell form (no shell in the image; use exec form)", in.Line)
			}
		case "RUN":
			bad("line %d: RUN in the runtime stage (distroless has no shell)", in.Line)
		case "HEALTHCHECK":
			bad("line %d: HEALTHCHECK cannot run without a shell or curl; use HTTP probes", in.Line)
		case "VOLUME":
			if in.JSON != nil {
				volumes = append(volumes, in.JSON...)
			} else {
				volumes = append(volumes, strings.Fields(in.Args)...)
			}
		}
	}
	if m := numericUser.FindStringSubmatch(user); m == nil {
		bad("runtime USER is %q, want a numeric non-root uid[:gid] (Kubernetes runAsNonRoot needs a number)", user)
	} else if uid, _ := strconv.Atoi(m[1]); uid == 0 || (m[3] != "" && m[3] == "0") {
		bad("runtime USER %q is root", user)
	}
	for _, p := range []string{"8080", "8081"} {
		if !contains(expose, p) && !contains(expose, p+"/tcp") {
			bad("runtime stage does not EXPOSE %s", p)
		}
	}
	if len(entry) != 1 || entry[0] != "/ferry" {
		bad(`ENTRYPOINT is %q, want ["/ferry"]`, entry)
	}
	if len(cmd) != 1 || cmd[0] != "serve" {
		bad(`CMD is %q, want ["serve"]`, cmd)
	}
	if !copies(final, "/ferry") {
		bad("runtime stage does not copy the binary to /ferry")
	}
	// Listeners must not default to loopback inside a container, or nothing reaches them.
	for _, k := range []string{"FERRY_LISTEN", "FERRY_ADMIN_LISTEN"} {
		if v := env[k]; v == "" || strings.HasPrefix(v, "127.") || strings.HasPrefix(v, "localhost") {
			bad("ENV %s=%q: the container must listen on all interfaces", k, v)
		}
	}
	// With a read-only root fs the SQLite file must be on a declared volume.
	db := env["FERRY_DATABASE"]
	if path, ok := strings.CutPrefix(db, "sqlite:"); ok {
		onVolume := false
		for _, v := range volumes {
			if strings.HasPrefix(path, strings.TrimSuffix(v, "/")+"/") {
				onVolume = true
			}
		}
		if !onVolume {
			bad("ENV FERRY_DATABASE=%s is not under a VOLUME (the root file system is read-only)", db)
		}
	}
	return probs
}

func copies(s stage, dest string) bool {
	for _, in := range s.Ins {
		if in.Cmd == "COPY" || in.Cmd == "ADD" {
			f := strings.Fields(in.Args)
			if len(f) >= 2 && (f[len(f)-1] == dest || strings.HasPrefix(f[len(f)-1], dest)) {
				return true
			}
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestDockerfileInvariants(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkDockerfile(string(b)) {
		t.Error(p)
	}
}

// TestDockerfileCheckerCatches feeds the checker broken Dockerfiles, so that a checker
// that accepts everything fails here.
func TestDockerfileCheckerCatches(t *testing.T) {
	good, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, old, new, want string
	}{
		{"root user", "USER 65532:65532", "USER 0", "is root"},
		{"named user", "USER 65532:65532", "USER nonroot", "numeric non-root"},
		{"no user", "USER 65532:65532\n", "", "numeric non-root"},
		{"latest tag", "\nFROM gcr.io/distroless/static-debian12:nonroot\n", "\nFROM gcr.io/distroless/static-debian12:latest\n", "latest"},
		{"untagged", "FROM golang:1.26.8 AS build", "FROM golang AS build", "not pinned"},
		{"secret env", "TMPDIR=/tmp", "TMPDIR=/tmp VAULT_TOKEN=hvs.CAESIexample", "secret-looking name"},
		{"secret arg", "WORKDIR /src", "WORKDIR /src\nARG GITHUB_TOKEN", "secret-looking name"},
		{"cgo", "CGO_ENABLED=0 go build", "go build", "CGO_ENABLED=0"},
		{"trimpath", "-trimpath ", "", "-trimpath"},
		{"cache", "--mount=type=cache,target=/root/.cache/go-build", "", "/root/.cache/go-build"},
		{"shell entrypoint", `ENTRYPOINT ["/ferry"]`, "ENTRYPOINT /ferry", "shell form"},
		{"expose", "EXPOSE 8080 8081", "EXPOSE 8080", "EXPOSE 8081"},
		{"loopback", "FERRY_LISTEN=0.0.0.0:8080", "FERRY_LISTEN=127.0.0.1:8080", "all interfaces"},
		{"db off volume", "FERRY_DATABASE=sqlite:/data/ferry.db", "FERRY_DATABASE=sqlite:/ferry.db", "not under a VOLUME"},
		{"healthcheck", "EXPOSE 8080 8081", "EXPOSE 8080 8081\nHEALTHCHECK CMD curl -f http://localhost:8080/healthz", "HEALTHCHECK"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(good), c.old) {
				t.Fatalf("the Dockerfile no longer contains %q; update this case", c.old)
			}
			src := strings.Replace(string(good), c.old, c.new, 1)
			probs := checkDockerfile(src)
			if !anyContains(probs, c.want) {
				t.Errorf("checker missed %s: want a problem containing %q, got %q", c.name, c.want, probs)
			}
		})
	}
	single := "FROM golang:1.26.8\nRUN CGO_ENABLED=0 go build -o /ferry .\nUSER 65532\n"
	if !anyContains(checkDockerfile(single), "multi-stage") {
		t.Error("checker accepted a single-stage build")
	}
}

func anyContains(xs []string, sub string) bool {
	for _, x := range xs {
		if strings.Contains(x, sub) {
			return true
		}
	}
	return false
}

func TestParseDockerfile(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\nFROM a:1 AS b\nRUN --mount=type=cache,target=/x \\\n  # a comment inside\n  echo hi \\\n  && true\nENTRYPOINT [\"/x\", \"y\"]\n"
	ins, err := parseDockerfile(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 3 {
		t.Fatalf("got %d instructions, want 3: %+v", len(ins), ins)
	}
	if ins[1].Cmd != "RUN" || len(ins[1].Flags) != 1 || ins[1].Args != "echo hi  && true" || ins[1].Line != 3 {
		t.Errorf("RUN parsed as %+v", ins[1])
	}
	if got := ins[2].JSON; len(got) != 2 || got[0] != "/x" || got[1] != "y" {
		t.Errorf("ENTRYPOINT exec form parsed as %q", got)
	}
	if _, err := parseDockerfile("RUN a \\\n"); err == nil {
		t.Error("a dangling continuation parsed")
	}
}
