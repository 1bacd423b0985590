package store

import (
	"testing"

	"github.com/ferryhealth/ferry/gateway/audit"
	"gorm.io/gorm"
)

// A group takes its leader, every webhook and link write, and at most maxBackground small
// writes; what it leaves keeps its order.
func TestTakeBatchBoundsBackgroundWrites(t *testing.T) {
	fn := func(tx *gorm.DB) ([]*audit.Event, error) { return nil, nil }
	var g groupCommit
	leader := &writeReq{fn: fn}
	g.pending = append(g.pending, leader)
	var webhooks, small []*writeReq
	for i := 0; i < 40; i++ {
		w := &writeReq{recs: []Record{{}}}
		f := &writeReq{fn: fn}
		webhooks, small = append(webhooks, w), append(small, f)
		g.pending = append(g.pending, f, w)
	}
	link := &writeReq{link: &linkWrite{}}
	g.pending = append(g.pending, link)

	batch := g.takeBatch()
	if batch[0] != leader {
		t.Fatal("the leader is not first in its group")
	}
	in := map[*writeReq]bool{}
	fns := 0
	for _, r := range batch {
		in[r] = true
		if r.fn != nil {
			fns++
		}
	}
	for _, w := range webhooks {
		if !in[w] {
			t.Fatal("a webhook was left for a later group")
		}
	}
	if !in[link] {
		t.Fatal("a link write was left for a later group")
	}
	if fns != maxBackground {
		t.Fatalf("%d small writes in the group, want %d", fns, maxBackground)
	}
	// The rest: the small writes after the first maxBackground-1 (the leader is one), in order.
	want := small[maxBackground-1:]
	if len(g.pending) != len(want) {
		t.Fatalf("%d writes left queued, want %d", len(g.pending), len(want))
	}
	for i := range want {
		if g.pending[i] != want[i] {
			t.Fatalf("queued write %d out of order", i)
		}
	}
}

func TestTakeBatchBoundsTheGroup(t *testing.T) {
	var g groupCommit
	for i := 0; i < maxGroup+10; i++ {
		g.pending = append(g.pending, &writeReq{recs: []Record{{}}})
	}
	first := g.pending[maxGroup]
	if batch := g.takeBatch(); len(batch) != maxGroup {
		t.Fatalf("group of %d, want %d", len(batch), maxGroup)
	}
	if len(g.pending) != 10 || g.pending[0] != first {
		t.Fatalf("%d left queued, want 10 starting with the first not taken", len(g.pending))
	}
}
