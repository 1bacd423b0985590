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
//
// A file may name a group once and use it by name on later lines:
//
//	@med = {my|the} {meds|pills}|this medicine
//	{took|missed} @med      same as {took|missed} {{my|the} {meds|pills}|this medicine}
//
// A line with '=' is a definition: '@', a name of lower-case letters, digits
// and '_', '=', and the alternatives of the group (what would stand between
// its braces). It yields no phrase; the name stands for the group from the
// next line to the end of the file, may be used in later definitions, and
// cannot be defined twice. Definitions do not carry over to other files.

// maxLineExpansions caps the phrases one line may expand to; a line that
// would expand to more fails loading.
const maxLineExpansions = 10000

// maxGroupDepth caps the nesting of groups in one line.
const maxGroupDepth = 8

// maxLineWidth caps the length of a line that uses named groups, with every
// name written out as its group; it bounds the work and the phrase length a
// few short definitions that use each other could otherwise multiply.
const maxLineWidth = 8192

// expandLine calls fn for every phrase that line expands to. A line without
// group characters is passed through unchanged. The line cannot use named
// groups (lineExpander.expand reads a file's definitions).
func expandLine(line string, fn func(string)) error {
	var x lineExpander
	return x.expand(0, line, fn)
}

// lineExpander expands the lines of one file in order; it holds the named
// groups the file has defined so far. The zero value is ready to use.
type lineExpander struct {
	defs map[string]*expDef
}

// expDef is a named group.
type expDef struct {
	node  *expNode // the alternation
	line  int      // where it was defined
	depth int      // group levels it adds where it is used (1 for a flat group)
	width int      // length of "{...}" with the names it uses written out
	used  bool
}

// expand calls fn for every phrase that line n of the file expands to; a
// definition line records its group and yields nothing.
func (x *lineExpander) expand(n int, line string, fn func(string)) error {
	if !strings.ContainsAny(line, "{}[]|@=") {
		fn(line)
		return nil
	}
	if line[0] == '@' && strings.Contains(line, "=") {
		return x.define(n, line)
	}
	p := expParser{s: line, defs: x.defs}
	n0, err := p.seq(0)
	if err != nil {
		return err
	}
	if p.i < len(p.s) {
		// seq stops only at a closing character or '|' that no group opened
		return fmt.Errorf("unexpected %q at column %d", p.s[p.i], p.i+1)
	}
	if w := len(line) + p.extra; w > maxLineWidth {
		return fmt.Errorf("line is %d characters long with its named groups written out, more than %d", w, maxLineWidth)
	}
	if c := n0.count(); c > maxLineExpansions {
		return fmt.Errorf("line expands to more than %d phrases", maxLineExpansions)
	}
	seen := map[string]bool{}
	n0.gen(make([]byte, 0, len(line)), func(b []byte) {
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

// define reads a definition line: @name = alternatives.
func (x *lineExpander) define(n int, line string) error {
	j := 1
	for j < len(line) && isGroupNameByte(line[j], j == 1) {
		j++
	}
	name := line[1:j]
	k := j
	for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
		k++
	}
	if name == "" || k == len(line) || line[k] != '=' {
		return errors.New("malformed definition: want @name = alternatives, the name in lower-case letters, digits and '_' starting with a letter")
	}
	for k++; k < len(line) && (line[k] == ' ' || line[k] == '\t'); k++ {
	}
	if strings.TrimSpace(line[k:]) == "" {
		return fmt.Errorf("malformed definition: @%s = has no alternatives", name)
	}
	if d := x.defs[name]; d != nil {
		return fmt.Errorf("@%s is already defined on line %d", name, d.line)
	}
	p := expParser{s: line, i: k, defs: x.defs}
	g, err := p.group(1, '{')
	if err != nil {
		return err
	}
	if p.i < len(p.s) {
		return fmt.Errorf("unexpected %q at column %d", p.s[p.i], p.i+1)
	}
	d := &expDef{node: g, line: n, depth: max(p.maxDepth, 1), width: len(line) - k + 2 + p.extra}
	if d.width > maxLineWidth {
		return fmt.Errorf("@%s is %d characters long with the names it uses written out, more than %d", name, d.width, maxLineWidth)
	}
	if g.count() > maxLineExpansions {
		return fmt.Errorf("@%s expands to more than %d phrases", name, maxLineExpansions)
	}
	if x.defs == nil {
		x.defs = map[string]*expDef{}
	}
	x.defs[name] = d
	return nil
}

func isGroupNameByte(c byte, first bool) bool {
	return c >= 'a' && c <= 'z' || c == '_' || !first && c >= '0' && c <= '9'
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
	s        string
	i        int
	defs     map[string]*expDef // named groups that may be used
	extra    int                // added length of the names used, written out
	maxDepth int                // deepest group level reached
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
		case '=':
			return nil, fmt.Errorf("'=' at column %d outside a definition (@name = alternatives at the start of a line)", p.i+1)
		case '@':
			flush()
			j := p.i + 1
			for j < len(p.s) && isGroupNameByte(p.s[j], j == p.i+1) {
				j++
			}
			name := p.s[p.i+1 : j]
			if name == "" {
				return nil, fmt.Errorf("'@' at column %d is not followed by a group name", p.i+1)
			}
			d := p.defs[name]
			if d == nil {
				return nil, fmt.Errorf("@%s at column %d is not defined (define it above: @%s = ...)", name, p.i+1, name)
			}
			if depth+d.depth > maxGroupDepth {
				return nil, errExpDepth
			}
			d.used = true
			p.maxDepth = max(p.maxDepth, depth+d.depth)
			p.extra += d.width - (j - p.i)
			n.seq = append(n.seq, d.node)
			p.i = j
			start = p.i
			continue
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
	p.maxDepth = max(p.maxDepth, depth)
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
