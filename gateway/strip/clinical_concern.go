package strip

// A worried question about one's own or a relative's body makes the body
// count. People describe a sensation in everyday words and then ask whether
// it matters ("my left eye keeps watering, is this urgent?", "my ears pop
// and crackle when I swallow, should I be worried?"). The body part or
// ambiguous symptom alone is left to the context rules; with such a
// question in the message and a person in its sentence ("my", "I", "she",
// "my son"), concernAccept accepts it.

// concernQuestions: the questions, as folded token sequences.
var concernQuestions = [][]string{
	{"should", "i", "be", "worried"}, {"should", "i", "worry"}, {"should", "we", "be", "worried"},
	{"should", "i", "be", "concerned"}, {"is", "this", "serious"}, {"is", "it", "serious"},
	{"is", "that", "serious"}, {"is", "this", "urgent"}, {"is", "it", "urgent"}, {"is", "that", "urgent"},
	{"is", "this", "normal"}, {"is", "that", "normal"}, {"is", "it", "normal"}, {"is", "that", "just", "normal"},
	{"should", "i", "see", "a", "doctor"}, {"do", "i", "need", "to", "see"}, {"do", "i", "need", "to", "go"},
	{"should", "i", "go", "to", "a&e"}, {"should", "i", "go", "to", "the", "er"}, {"could", "they", "be", "linked"},
	{"could", "it", "be", "related"}, {"what", "could", "this", "be"}, {"what", "could", "it", "be"},
	{"is", "this", "bad"}, {"is", "that", "bad"}, {"it", "terrifies", "me"}, {"it", "frightens", "me"},
	{"it", "scares", "me"}, {"is", "this", "dangerous"}, {"is", "that", "dangerous"},
}

// concernPerson: a word that puts a person in the sentence.
var concernPerson = map[string]bool{
	"i": true, "my": true, "me": true, "i'm": true, "im": true, "i've": true, "ive": true, "he": true, "she": true,
	"his": true, "her": true, "he's": true, "she's": true, "our": true, "we": true,
}

func (s *Stripper) concernAccept(sc *scratch) {
	toks := sc.tb.toks
	cands := sc.cands
	any := false
	for ci := range cands {
		c := &cands[ci]
		if !c.accepted && (c.cat == s.cBody || c.cat == s.cSymptom) {
			any = true
			break
		}
	}
	if !any || !s.hasConcern(toks) {
		return
	}
	// the sentences that name a person, in one pass (sentence numbers only grow)
	person := make([]bool, toks[len(toks)-1].sent+1)
	for x := range toks {
		if concernPerson[toks[x].norm] || relationWords[toks[x].norm] {
			person[toks[x].sent] = true
		}
	}
	for ci := range cands {
		c := &cands[ci]
		if !c.accepted && (c.cat == s.cBody || c.cat == s.cSymptom) && person[toks[c.ts].sent] {
			c.accepted = true
		}
	}
}

func (s *Stripper) hasConcern(toks []token) bool {
	for i := range toks {
		for _, q := range concernQuestions {
			if toks[i].norm != q[0] || i+len(q) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(q); k++ {
				if toks[i+k].norm != q[k] {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}
