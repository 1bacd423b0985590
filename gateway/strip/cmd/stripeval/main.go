// Command stripeval runs the stripper over a labelled set and prints the
// scorer's per-slice table.
//
//	go run ./gateway/strip/cmd/stripeval -set ../shared/data/strip-dev.jsonl.gz [-es gateway/strip/testdata/es/eval.jsonl]
//
// It shells out to the shared scorer (-scorer) when python3 and the scorer are
// available, and otherwise prints the same metrics computed in Go.
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/ferryhealth/ferry/gateway/strip"
)

func main() {
	set := flag.String("set", "", "labelled set (.jsonl or .jsonl.gz)")
	es := flag.String("es", "", "optional Spanish labelled set (.jsonl)")
	scorer := flag.String("scorer", "", "path to score_strip.py (default: ../shared/tools/score_strip.py or /work/shared/tools/score_strip.py when present)")
	keep := flag.String("out", "", "keep the stripper output of -set at this path")
	misses := flag.Int("misses", 0, "print up to N misclassified message ids per slice (ids only)")
	workers := flag.Int("workers", runtime.NumCPU(), "worker goroutines")
	counts := flag.Bool("counts", false, "print the number of terms per language/category")
	stdin := flag.Bool("stdin", false, "act like `ferry strip`: JSON lines on stdin, results on stdout")
	flag.Parse()
	if *stdin {
		if err := strip.StreamJSONL(context.Background(), strip.Default(), os.Stdin, os.Stdout, *workers); err != nil {
			fmt.Fprintln(os.Stderr, "stripeval:", err)
			os.Exit(1)
		}
		return
	}
	if *counts {
		tc := strip.Default().TermCounts()
		keys := make([]string, 0, len(tc))
		for k := range tc {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Printf("%-28s %6d\n", k, tc[k])
		}
	}
	if *set == "" && *es == "" {
		if !*counts {
			flag.Usage()
			os.Exit(2)
		}
		return
	}
	sc := findScorer(*scorer)
	for _, p := range []string{*set, *es} {
		if p == "" {
			continue
		}
		fmt.Printf("== %s\n", p)
		if err := evalSet(p, sc, *keep, *misses, *workers); err != nil {
			fmt.Fprintln(os.Stderr, "stripeval:", err)
			os.Exit(1)
		}
		*keep = ""
	}
}

func findScorer(flagged string) string {
	if flagged != "" {
		return flagged
	}
	for _, c := range []string{"../shared/tools/score_strip.py", "../../shared/tools/score_strip.py", "/work/shared/tools/score_strip.py"} {
		if _, err := os.Stat(c); err == nil {
			return c
		}
	}
	return ""
}

func openSet(p string) (io.ReadCloser, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(p, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		return struct {
			io.Reader
			io.Closer
		}{gz, f}, nil
	}
	return f, nil
}

func evalSet(p, scorer, keep string, misses, workers int) error {
	dir, err := os.MkdirTemp("", "stripeval")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	in, err := openSet(p)
	if err != nil {
		return err
	}
	setPath := filepath.Join(dir, "set.jsonl")
	sf, err := os.Create(setPath)
	if err != nil {
		return err
	}
	if _, err := io.Copy(sf, in); err != nil {
		return err
	}
	in.Close()
	sf.Close()
	outPath := filepath.Join(dir, "out.jsonl")
	if keep != "" {
		outPath = keep
	}
	sr, _ := os.Open(setPath)
	of, err := os.Create(outPath)
	if err != nil {
		return err
	}
	t0 := time.Now()
	if err := strip.StreamJSONL(context.Background(), strip.Default(), sr, of, workers); err != nil {
		return err
	}
	el := time.Since(t0)
	sr.Close()
	of.Close()
	st, _ := os.Stat(setPath)
	fmt.Printf("stripped %s in %v (%.1f MB/s incl. JSON)\n", humanSize(st.Size()), el.Round(time.Millisecond), float64(st.Size())/1e6/el.Seconds())
	if scorer != "" {
		if _, err := exec.LookPath("python3"); err == nil {
			cmd := exec.Command("python3", scorer, setPath, outPath)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err == nil {
				if misses > 0 {
					printMisses(setPath, outPath, misses)
				}
				return nil
			}
		}
	}
	if err := goScore(setPath, outPath); err != nil {
		return err
	}
	if misses > 0 {
		printMisses(setPath, outPath, misses)
	}
	return nil
}

func humanSize(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

type goldRec struct {
	ID    string `json:"id"`
	Slice string `json:"slice"`
	Label string `json:"label"`
	Text  string `json:"text"`
	Spans []struct {
		Text string `json:"text"`
	} `json:"spans"`
}

type outRec struct {
	ID       string `json:"id"`
	Clinical bool   `json:"clinical"`
	Redacted string `json:"redacted"`
}

var stop = map[string]bool{}
var wordRe = regexp.MustCompile(`[a-z0-9]+`)

func init() {
	for _, w := range strings.Fields(`a an and are as at be by for from has have he her his i in is it its me my of on or our
she so that the their them they this to was we were with you your not no do does did can will would
should could may might must been being am pt w mr mrs ms dr`) {
		stop[w] = true
	}
}

func words(s string) []string {
	var out []string
	for _, w := range wordRe.FindAllString(strings.ToLower(s), -1) {
		if len(w) >= 2 && !stop[w] {
			out = append(out, w)
		}
	}
	return out
}

func readJSONL[T any](p string) ([]T, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r T
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// goScore mirrors score_strip.py.
func goScore(setPath, outPath string) error {
	gold, err := readJSONL[goldRec](setPath)
	if err != nil {
		return err
	}
	outs, err := readJSONL[outRec](outPath)
	if err != nil {
		return err
	}
	om := map[string]outRec{}
	for _, o := range outs {
		om[o.ID] = o
	}
	type agg struct {
		label                                         string
		n, flagged, spanWords, leaked, words, removed int
	}
	S := map[string]*agg{}
	for _, g := range gold {
		a := S[g.Slice]
		if a == nil {
			a = &agg{label: g.Label}
			S[g.Slice] = a
		}
		a.n++
		o, ok := om[g.ID]
		if !ok {
			continue
		}
		if o.Clinical {
			a.flagged++
		}
		left := map[string]int{}
		for _, w := range words(o.Redacted) {
			left[w]++
		}
		for _, sp := range g.Spans {
			for _, w := range words(sp.Text) {
				a.spanWords++
				if left[w] > 0 {
					a.leaked++
				}
			}
		}
		if g.Label == "harmless" {
			orig := words(g.Text)
			a.words += len(orig)
			l2 := map[string]int{}
			for _, w := range words(o.Redacted) {
				l2[w]++
			}
			for _, w := range orig {
				if l2[w] > 0 {
					l2[w]--
				} else {
					a.removed++
				}
			}
		}
	}
	names := make([]string, 0, len(S))
	for k := range S {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Printf("%-18s %-11s %5s %8s %7s %7s\n", "slice", "label", "n", "flagged", "leak", "overred")
	for _, k := range names {
		a := S[k]
		leak, over := "None", "None"
		if a.spanWords > 0 {
			leak = fmt.Sprintf("%.4f", float64(a.leaked)/float64(a.spanWords))
		}
		if a.words > 0 {
			over = fmt.Sprintf("%.4f", float64(a.removed)/float64(a.words))
		}
		fmt.Printf("%-18s %-11s %5d %8.3f %7s %7s\n", k, a.label, a.n, float64(a.flagged)/float64(a.n), leak, over)
	}
	return nil
}

// printMisses prints ids only (never the text) of misclassified messages.
func printMisses(setPath, outPath string, max int) {
	gold, err := readJSONL[goldRec](setPath)
	if err != nil {
		return
	}
	outs, err := readJSONL[outRec](outPath)
	if err != nil {
		return
	}
	om := map[string]outRec{}
	for _, o := range outs {
		om[o.ID] = o
	}
	per := map[string][]string{}
	for _, g := range gold {
		o := om[g.ID]
		want := g.Label == "clinical"
		if o.Clinical != want && g.Label != "identifiers" && len(per[g.Slice]) < max {
			per[g.Slice] = append(per[g.Slice], g.ID)
		}
	}
	for k, v := range per {
		fmt.Printf("misses %s: %s\n", k, strings.Join(v, " "))
	}
}
