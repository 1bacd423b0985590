package strip

import (
	"errors"
	"fmt"
	"strings"
)

// Alternation syntax of the knowledge files (see lexicon/README.md):
//
//	{a|b|c}   one of the alternatives; an alternative may be several words or empty
//	[a b]     optional: the same as {a b|}
//
// Groups nest and several groups in one line multiply out:
// "{took|was taking} [all] {it|them}" is four phrases. Text is joined as
// written ("withdraw{al|als}" is "withdrawal", "withdrawals"), runs of spaces
// are collapsed, empty results are skipped and repeated ones listed once.

// maxLineExpansions caps the phrases one line may expand to; a line that
// would expand to more fails loading.
const maxLineExpansions = 10000

// maxGroupDepth caps the nesting of groups in one line.
const maxGroupDepth = 8

// expandLine calls fn for every phrase that line expands to. A line without
// group characters is passed through unchanged.
func expandLine(line string, fn func(string)) error {
	if !strings.ContainsAny(line, "{}[]|") {
		fn(line)
		return nil
	}
	p := expParser{s: line}
	n, err := p.seq(0)
	if err != nil {
		return err
	}
	if p.i < len(p.s) {
		// seq stops only at a closing character or '|' that no group opened
		return fmt.Errorf("unexpected %q at column %d", p.s[p.i], p.i+1)
	}
	if c := n.count(); c > maxLineExpansions {
		return fmt.Errorf("line expands to more than %d phrases", maxLineExpansions)
	}
	seen := map[string]bool{}
	n.gen(make([]byte, 0, len(line)), func(b []byte) {
		s := string(b)
		if strings.Contains(s, "  ") || strings.ContainsAny(s, "\t") || strings.TrimSpace(s) != s {
			s = strings.Join(strings.Fields(s), " ")
		}
		if s == "" || seen[s] {
			return
		}
		seen[s] = true
		fn(s)
	})
	return nil
}

// expNode is either literal text (alts == nil, seq == nil), a sequence, or an
// alternation.
type expNode struct {
	text string
	seq  []*expNode
	alts []*expNode
	alt  bool
}

// count is the number of expansions, saturated above maxLineExpansions.
func (n *expNode) count() int {
	switch {
	case n.alt:
		c := 0
		for _, a := range n.alts {
			c += a.count()
			if c > maxLineExpansions {
				return maxLineExpansions + 1
			}
		}
		return c
	case n.seq != nil:
		c := 1
		for _, s := range n.seq {
			c *= s.count()
			if c > maxLineExpansions {
				return maxLineExpansions + 1
			}
		}
		return c
	}
	return 1
}

// gen calls k with every expansion of n appended to buf. k must not keep
// the slice: it is reused for the next expansion.
func (n *expNode) gen(buf []byte, k func([]byte)) {
	switch {
	case n.alt:
		for _, a := range n.alts {
			a.gen(buf, k)
		}
	case n.seq != nil:
		n.genSeq(0, buf, k)
	default:
		k(append(buf, n.text...))
	}
}

func (n *expNode) genSeq(i int, buf []byte, k func([]byte)) {
	for ; i < len(n.seq) && !n.seq[i].alt && n.seq[i].seq == nil; i++ {
		buf = append(buf, n.seq[i].text...) // literal text: no branching
	}
	if i == len(n.seq) {
		k(buf)
		return
	}
	n.seq[i].gen(buf, func(b []byte) { n.genSeq(i+1, b, k) })
}

type expParser struct {
	s string
	i int
}

var errExpDepth = errors.New("groups nested too deeply")

// seq parses text and groups up to a '|', '}', ']' or the end of the line.
func (p *expParser) seq(depth int) (*expNode, error) {
	n := &expNode{seq: []*expNode{}}
	start := p.i
	flush := func() {
		if p.i > start {
			n.seq = append(n.seq, &expNode{text: p.s[start:p.i]})
		}
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch c {
		case '|', '}', ']':
			flush()
			return n, nil
		case '{', '[':
			flush()
			if depth >= maxGroupDepth {
				return nil, errExpDepth
			}
			open := p.i
			p.i++
			g, err := p.group(depth+1, c)
			if err != nil {
				return nil, err
			}
			if p.i >= len(p.s) {
				return nil, fmt.Errorf("unclosed %q at column %d", c, open+1)
			}
			want := byte('}')
			if c == '[' {
				want = ']'
			}
			if p.s[p.i] != want {
				return nil, fmt.Errorf("%q at column %d closes %q at column %d", p.s[p.i], p.i+1, c, open+1)
			}
			p.i++
			n.seq = append(n.seq, g)
			start = p.i
			continue
		}
		p.i++
	}
	flush()
	return n, nil
}

// group parses the alternatives of a group whose opening character (open)
// has been consumed; it stops at the closing character without consuming it.
func (p *expParser) group(depth int, open byte) (*expNode, error) {
	g := &expNode{alt: true}
	for {
		a, err := p.seq(depth)
		if err != nil {
			return nil, err
		}
		g.alts = append(g.alts, a)
		if p.i < len(p.s) && p.s[p.i] == '|' {
			if open == '[' {
				return nil, fmt.Errorf("'|' inside [...] at column %d (write [{a|b}])", p.i+1)
			}
			p.i++
			continue
		}
		break
	}
	if open == '[' {
		g.alts = append(g.alts, &expNode{})
	}
	return g, nil
}
