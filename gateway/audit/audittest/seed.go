package audittest

import (
	"fmt"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"gorm.io/gorm"
)

// Platforms and categories the seed data uses.
var (
	Platforms  = []string{"messenger", "instagram", "whatsapp", "x", "telegram", "sms"}
	Categories = []string{"symptom", "medication", "diagnosis", "phone", "email", "date_of_birth"}
)

// Pseudonym returns the seed pseudonym of patient i.
func Pseudonym(i int) string { return fmt.Sprintf("ps%062d", i) }

// Conversations writes n synthetic conversations, one per patient, one a day-slot apart
// from start (every 7th patient on the next day), as the gateway would: a messages row and
// the events message.received, message.stripped, reply.queued, link.issued, then
// link.opened for two in three and link.redeemed for one in three. It returns the number
// of events written.
func Conversations(t testing.TB, db *gorm.DB, n int, start time.Time) int {
	t.Helper()
	total := 0
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i/7)*24*time.Hour + time.Duration(i)*time.Minute).UTC()
		platform := Platforms[i%len(Platforms)]
		ps := Pseudonym(i)
		cats := []string{Categories[i%len(Categories)]}
		if i%3 == 0 {
			cats = append(cats, Categories[(i+1)%len(Categories)])
		}
		clinical := i%2 == 0
		link := fmt.Sprintf("link-%04d", i)
		err := db.Transaction(func(tx *gorm.DB) error {
			m := &Message{Platform: platform, PlatformMsgID: fmt.Sprintf("pm-%d", i), SenderPseudonym: ps,
				RedactedText: fmt.Sprintf("Hello, I need help with [%s] please (%d)", cats[0], i),
				Categories:   joinComma(cats), Clinical: clinical, ReceivedAt: at, CreatedAt: at}
			if err := tx.Create(m).Error; err != nil {
				return err
			}
			evs := []*audit.Event{
				{At: at, Kind: audit.KindMessageReceived, Platform: platform, Pseudonym: ps, MessageID: m.ID, Outcome: "ok"},
				{At: at, Kind: audit.KindMessageStripped, Platform: platform, Pseudonym: ps, MessageID: m.ID,
					Detail: audit.Details(map[string]any{"categories": cats, "clinical": clinical})},
				{At: at, Kind: audit.KindReplyQueued, Platform: platform, Pseudonym: ps, MessageID: m.ID, JobID: m.ID},
				{At: at.Add(time.Second), Kind: audit.KindLinkIssued, Platform: platform, Pseudonym: ps, MessageID: m.ID, JobID: m.ID, LinkID: link},
			}
			if i%3 != 2 {
				evs = append(evs, &audit.Event{At: at.Add(time.Minute), Kind: audit.KindLinkOpened, Platform: platform, Pseudonym: ps, LinkID: link, Actor: "patient"})
			}
			if i%3 == 0 {
				evs = append(evs, &audit.Event{At: at.Add(2 * time.Minute), Kind: audit.KindLinkRedeemed, Platform: platform, Pseudonym: ps, LinkID: link, Actor: "patient", Outcome: "ok"})
			}
			total += len(evs)
			return audit.Append(tx, evs...)
		})
		if err != nil {
			t.Fatalf("seed conversation %d: %v", i, err)
		}
	}
	return total
}

// Events appends n plain events in transactions of batch events (fast bulk seeding).
func Events(t testing.TB, db *gorm.DB, n int, start time.Time) {
	t.Helper()
	const batch = 500
	for done := 0; done < n; {
		k := min(batch, n-done)
		evs := make([]*audit.Event, k)
		for j := range evs {
			i := done + j
			evs[j] = &audit.Event{
				At: start.Add(time.Duration(i) * time.Second), Kind: audit.KindMessageStripped,
				Platform: Platforms[i%len(Platforms)], Pseudonym: Pseudonym(i % 1000), MessageID: int64(i + 1),
				Detail: audit.Details(map[string]any{"categories": []string{Categories[i%len(Categories)]}, "clinical": i%2 == 0}),
			}
		}
		if err := db.Transaction(func(tx *gorm.DB) error { return audit.Append(tx, evs...) }); err != nil {
			t.Fatalf("seed events: %v", err)
		}
		done += k
	}
}

func joinComma(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}
