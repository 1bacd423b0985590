package strip

// In a clinical message a weekday or a month said alone dates an event of
// someone's care ("admitted her Sunday", "had a hysterectomy last Tuesday",
// "I was in your psych unit in August"): with the message's own date it
// pins the day, an element of a date that Safe Harbor removes. In other
// messages they stay: "can I move my appointment to Thursday?" must remain
// readable, and a weekday alone there dates no one's care.

// careDayLeads: words that go with the weekday or month ("last Tuesday").
var careDayLeads = map[string]bool{
	"last": true, "next": true, "this": true, "coming": true, "past": true, "early": true,
	"mid": true, "late": true, "pasado": true, "próximo": true, "proximo": true, "este": true,
}

// careMonthCues: words before a month alone that make it a time ("in
// August", "since March", "end of June"); "may" and "march" need one and a
// capital.
var careMonthCues = map[string]bool{
	"in": true, "since": true, "from": true, "until": true, "till": true, "before": true,
	"after": true, "during": true, "of": true, "last": true, "next": true, "this": true,
	"early": true, "mid": true, "late": true, "en": true, "desde": true, "de": true, "hasta": true,
}

// markCareDays removes weekdays and months alone from a message that names
// clinical content; run once the clinical spans are known.
func (s *Stripper) markCareDays(sc *scratch) {
	if sc.tb.anyCls&(wcWeekday|wcMonth) == 0 {
		return
	}
	clinical := false
	for _, sp := range sc.spans {
		if s.k.clinical[sp.cat] {
			clinical = true
			break
		}
	}
	if !clinical {
		return
	}
	toks := sc.tb.toks
	cat := s.ic.date
	for i := range toks {
		t := &toks[i]
		if t.kind != tkWord || sc.cover[i] != 0 || t.cls&(wcWeekday|wcMonth) == 0 {
			continue
		}
		if t.cls&wcMonth != 0 {
			if i == 0 || !careMonthCues[toks[i-1].norm] {
				continue
			}
			if (t.norm == "may" || t.norm == "march" || t.norm == "mar" || t.norm == "dec" || t.norm == "jan") && t.flags&fCap == 0 {
				continue // lower case: the modal or the verb ("in may be", "in march on")
			}
			if t.norm == "may" && t.flags&fSentStart != 0 {
				continue
			}
		}
		st := i
		if i > 0 && careDayLeads[toks[i-1].norm] && sc.cover[i-1] == 0 && toks[i-1].sent == t.sent {
			st = i - 1
		}
		sc.add(st, i+1, cat)
	}
}
