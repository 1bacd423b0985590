package strip

// Days of the month written without a month are part of a date too: "see you
// on the 17th!", "can we move it to the 3rd at 2pm?", and the first day of a
// range whose second day carries the month ("20-22 March", "on 12 and 13
// May", "from the 3rd to the 5th of June").

// dayJoiners join two days of one range.
var dayJoiners = map[string]bool{
	"-": true, "–": true, "—": true, "to": true, "and": true, "or": true, "&": true,
	"through": true, "thru": true, "till": true, "until": true, "y": true, "al": true, "a": true,
}

// dayCues: a preposition before "the 17th" that makes it a day ("on the 17th").
var dayCues = map[string]bool{
	"on": true, "by": true, "for": true, "until": true, "till": true, "til": true, "before": true,
	"after": true, "from": true, "since": true, "around": true, "between": true, "through": true,
	"thru": true, "to": true,
	// booking verbs: "cancel the 3rd", "can you book the 12th"
	"cancel": true, "cancelling": true, "canceling": true, "confirm": true, "confirming": true,
	"book": true, "booked": true, "rebook": true, "rebooked": true, "move": true, "moved": true,
}

// dayFollowers: words that may follow a day written alone ("the 17th at 2pm",
// "the 3rd instead"); any other word makes the ordinal a rank ("the 3rd
// floor", "the 2nd time").
var dayFollowers = map[string]bool{
	"at": true, "and": true, "or": true, "instead": true, "then": true, "please": true, "if": true,
	"so": true, "but": true, "works": true, "is": true, "would": true, "will": true, "in": true,
	"morning": true, "afternoon": true, "evening": true, "night": true, "between": true, "from": true,
	"around": true, "after": true, "before": true, "by": true, "thanks": true, "thank": true, "too": true,
	"as": true, "when": true, "because": true, "since": true, "for": true, "with": true,
	"until": true, "till": true, "to": true, "through": true, "thru": true, "onwards": true,
	"pls": true, "plz": true, "ok": true, "okay": true, "not": true, "now": true,
}

// dayWeekday: token j is a weekday's name or short form ("Wed", "sat" and
// "sun" count here: they stand right before a day).
func dayWeekday(toks []token, j int) bool {
	if j < 0 || toks[j].kind != tkWord {
		return false
	}
	w := toks[j].norm
	return toks[j].cls&wcWeekday != 0 || w == "wed" || w == "sat" || w == "sun"
}

func (s *Stripper) isDayToken(sc *scratch, j int) bool {
	if j < 0 || j >= len(sc.tb.toks) || sc.covered(j) {
		return false
	}
	t := &sc.tb.toks[j]
	if t.kind == tkNum && len(t.norm) <= 2 {
		v := atoi(t.norm)
		return v >= 1 && v <= 31
	}
	if isOrdinal(t.norm) {
		v := atoi(t.norm[:len(t.norm)-2])
		return v >= 1 && v <= 31
	}
	return false
}

// matchDays removes days of the month that the date patterns leave alone.
func (s *Stripper) matchDays(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.date
	// the first day of a range: widen each date found over "D -" before it
	nsp := len(sc.spans)
	for si := 0; si < nsp; si++ {
		sp := &sc.spans[si]
		if sp.cat != cat {
			continue
		}
		b := int(sp.ts)
		if b > 0 && toks[b-1].norm == "the" {
			b--
		}
		if b < 2 || !dayJoiners[toks[b-1].norm] || toks[b-1].flags&fNewline != 0 {
			continue
		}
		d := b - 2
		if d > 0 && toks[d].norm == "the" {
			d--
			if !s.isDayToken(sc, d+1) {
				continue
			}
		} else if !s.isDayToken(sc, d) {
			continue
		}
		// "the" before the first day stays ("from the [date]")
		st := d
		if toks[st].norm == "the" {
			st++
		}
		for x := st; x < int(sp.ts); x++ {
			sc.cover[x] = int32(si + 1)
		}
		sp.ts = int32(st)
	}
	// a weekday before a date found ("Wed 10th to Fri 12th", "Tues 4/3")
	nsp = len(sc.spans)
	for si := 0; si < nsp; si++ {
		sp := &sc.spans[si]
		if sp.cat != cat || sp.ts == 0 {
			continue
		}
		p := int(sp.ts) - 1
		if dayWeekday(toks, p) && !sc.covered(p) && toks[p].sent == toks[sp.ts].sent {
			sc.cover[p] = int32(si + 1)
			sp.ts = int32(p)
		}
	}
	// "on the 17th": an ordinal day after a preposition and "the"
	for i := 2; i < n; i++ {
		t := &toks[i]
		if t.kind != tkWord || !isOrdinal(t.norm) || sc.covered(i) || !s.isDayToken(sc, i) {
			continue
		}
		if toks[i-1].norm != "the" {
			// "on the 9th or 10th": a second day after a date and a joiner
			if dayJoiners[toks[i-1].norm] && sc.cover[i-2] != 0 {
				if sp := coverSpan(sc, i-2); sp != nil && sp.cat == cat {
					sc.add(i, i+1, cat)
				}
				continue
			}
			// "Wed 12th", "confirm Fri 3rd": a weekday names the day
			if dayWeekday(toks, i-1) && !sc.covered(i-1) {
				sc.add(i-1, i+1, cat)
				continue
			}
			// "booked for 25th but", "on 3rd please": a cue without "the"
			if dayCues[toks[i-1].norm] && (i+1 >= n || toks[i+1].kind == tkPunct || dayFollowers[toks[i+1].norm]) {
				sc.add(i, i+1, cat)
			}
			continue
		}
		// "can we do the 29th instead?": a day closing its clause needs no cue
		closes := i+1 >= n || toks[i+1].norm == "?" || toks[i+1].norm == "instead"
		if !dayCues[toks[i-2].norm] && !closes {
			continue
		}
		if i+1 < n && toks[i+1].kind == tkWord && !dayFollowers[toks[i+1].norm] {
			continue
		}
		if i+1 < n && toks[i+1].kind == tkNum {
			continue // "the 2nd 100 metres"
		}
		sc.add(i, i+1, cat)
	}
}

// Spanish days: "el día 8", "del 14 al 28", "tiene cita el 26 pero...".
var esDayCues = map[string]bool{"cita": true, "citas": true, "turno": true, "consulta": true, "para": true, "hasta": true, "desde": true}

var esDayFollowers = map[string]bool{
	"pero": true, "y": true, "o": true, "a": true, "por": true, "en": true, "que": true, "sin": true,
	"porque": true, "ya": true, "no": true, "me": true, "si": true, "al": true, "misma": true, "mismo": true,
}

func (s *Stripper) matchSpanishDays(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	cat := s.ic.date
	for i := 1; i < n; i++ {
		if toks[i].kind != tkNum || sc.covered(i) || !s.isDayToken(sc, i) {
			continue
		}
		p := toks[i-1].norm
		switch {
		case p == "dia" || p == "día":
			// "el día 8": the day word goes with it
			sc.add(i-1, i+1, cat)
		case (p == "del" || p == "al") && i+2 < n && (toks[i+1].norm == "al" || toks[i+1].norm == "a") && s.isDayToken(sc, i+2):
			// "del 14 al 28"
			sc.add(i, i+1, cat)
			sc.add(i+2, i+3, cat)
			i += 2
		case (p == "el" || p == "al") && i >= 2 && esDayCues[toks[i-2].norm]:
			if i+1 < n && toks[i+1].kind == tkWord && !esDayFollowers[toks[i+1].norm] {
				continue // "para el 2 piso"
			}
			if i+1 < n && toks[i+1].kind == tkNum {
				continue
			}
			sc.add(i, i+1, cat)
		}
	}
}
