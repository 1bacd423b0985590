package strip

import (
	"maps"
	"slices"
)

// The hot word table. Most tokens of a message are a few thousand frequent
// words (stop words, common words, the safe vocabulary); a probe of the big
// word map (wordTable.m, tens of thousands of words) hashes the word with the
// runtime's generic string hash and walks its groups, about 150 instructions
// per token. A small direct-mapped array in front of it, indexed by an inline
// hash of the word, answers those tokens with one slot and one comparison;
// every other word falls through to the map. A slot holds the word's full
// wordInfo, so the answer is the same whichever table gives it.

const hotBits = 13 // 8192 slots for the ~4,000 frequent words: few collisions

type hotSlot struct {
	w  string
	wi wordInfo
}

// hotHash is FNV-1a of the word; its top bits pick the slot.
func hotHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h >> (32 - hotBits)
}

// fillHot puts the frequent words in the hot table: the stop words of every
// language, the common words, then each language's safe vocabulary. The first
// word of a slot keeps it, so the lists go from the most to the least
// frequent (sorted within a list: the same table on every start).
func (wt *wordTable) fillHot(k *knowledge) {
	wt.hot = make([]hotSlot, 1<<hotBits)
	empty := hotSlot{"", wt.lookupMap("")}
	for i := range wt.hot {
		wt.hot[i] = empty
	}
	lists := [][]string{slices.Sorted(maps.Keys(k.stopMask)), slices.Sorted(maps.Keys(k.common))}
	for _, l := range k.langs {
		lists = append(lists, slices.Sorted(maps.Keys(vocabFor(l))))
	}
	for _, l := range lists {
		for _, w := range l {
			if s := &wt.hot[hotHash(w)]; s.w == "" {
				*s = hotSlot{w, wt.lookupMap(w)}
			}
		}
	}
}
