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
// hash of the word, answers those tokens with a slot and a comparison or two;
// every other word falls through to the map. A word whose slot is taken
// goes to the slot's twin (the slot number with its last bit flipped), so a
// probe looks at two slots. A slot holds the word's full wordInfo, so the
// answer is the same whichever table gives it.

const hotBits = 13 // 8192 slots for the ~3,000 frequent words: few collisions

type hotSlot struct {
	w  string
	wi wordInfo
}

// hotHash picks a word's slot from its length and its first and last (up
// to) eight bytes, read a word at a time (the byte loads below compile to
// one load each), mixed by one multiplication: a few instructions for any
// word, where a byte-at-a-time hash costs some per byte. Words that share
// their first and last eight bytes share a slot; the slot's word settles it.
func hotHash(w string) uint32 {
	n := len(w)
	var x uint64
	switch {
	case n >= 8:
		x = load64(w)*0x9E3779B97F4A7C15 ^ load64(w[n-8:])
	case n >= 4:
		x = uint64(load32(w))<<32 | uint64(load32(w[n-4:]))
	case n > 0:
		x = uint64(w[0])<<16 | uint64(w[n/2])<<8 | uint64(w[n-1])
	}
	x = (x ^ uint64(n)) * 0xFF51AFD7ED558CCD
	return uint32(x >> (64 - hotBits))
}

// load64 is the first eight bytes of w, little-endian (len(w) >= 8).
func load64(w string) uint64 {
	_ = w[7]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// load32 is the first four bytes of w, little-endian (len(w) >= 4).
func load32(w string) uint32 {
	_ = w[3]
	return uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16 | uint32(w[3])<<24
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
			h := hotHash(w)
			if o := wt.hot[h].w; o != "" && o != w {
				h ^= 1 // taken by another word: this one may have the slot's twin
			}
			if s := &wt.hot[h]; s.w == "" {
				*s = hotSlot{w, wt.lookupMap(w)}
			}
		}
	}
}
