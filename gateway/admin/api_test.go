package admin_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/admin"
	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"github.com/ferryhealth/ferry/portal"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"
)

// pageAll follows next_cursor through every page and returns the seqs.
func (e *env) pageAll(query string, limit int) []int64 {
	e.t.Helper()
	var seqs []int64
	cursor := ""
	for i := 0; i < 1000; i++ {
		q := query + "&limit=" + fmt.Sprint(limit)
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		var p admin.Page
		e.getJSON("/api/v1/events?"+q, &p)
		for _, ev := range p.Events {
			seqs = append(seqs, ev.Seq)
		}
		if p.NextCursor == "" {
			return seqs
		}
		cursor = p.NextCursor
	}
	e.t.Fatal("pagination does not end")
	return nil
}

func TestAPIFilters(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db, 30)
		// Snapshot of the seeded events (before any auditor.query is appended).
		var all []audit.Event
		db.Where("kind NOT LIKE 'auditor.%'").Order("seq").Find(&all)
		catMsgs := map[string]map[int64]bool{}
		for _, ev := range all {
			if ev.Kind != audit.KindMessageStripped {
				continue
			}
			var d struct{ Categories []string }
			json.Unmarshal([]byte(ev.Detail), &d)
			for _, c := range d.Categories {
				if catMsgs[c] == nil {
					catMsgs[c] = map[int64]bool{}
				}
				catMsgs[c][ev.MessageID] = true
			}
		}
		since, until := t0.Add(24*time.Hour), t0.Add(72*time.Hour)
		cases := []struct {
			name  string
			query string
			match func(ev audit.Event) bool
		}{
			{"time range", "since=" + since.Format(time.RFC3339) + "&until=" + until.Format(time.RFC3339),
				func(ev audit.Event) bool { return !ev.At.Before(since) && ev.At.Before(until) }},
			{"date range", "since=2026-11-03&until=2026-11-04",
				func(ev audit.Event) bool { return !ev.At.Before(since) && ev.At.Before(until) }},
			{"platform", "platform=whatsapp", func(ev audit.Event) bool { return ev.Platform == "whatsapp" }},
			{"platforms", "platform=sms,x", func(ev audit.Event) bool { return ev.Platform == "sms" || ev.Platform == "x" }},
			{"kind", "kind=link.redeemed", func(ev audit.Event) bool { return ev.Kind == audit.KindLinkRedeemed }},
			{"kind prefix", "kind=link.", func(ev audit.Event) bool { return strings.HasPrefix(ev.Kind, "link.") }},
			{"pseudonym", "pseudonym=" + audittest.Pseudonym(9), func(ev audit.Event) bool { return ev.Pseudonym == audittest.Pseudonym(9) }},
			{"link id", "link_id=link-0012", func(ev audit.Event) bool { return ev.LinkID == "link-0012" }},
			{"category", "category=diagnosis", func(ev audit.Event) bool { return catMsgs["diagnosis"][ev.MessageID] }},
			{"category and kind", "category=phone&kind=message.stripped", func(ev audit.Event) bool {
				return catMsgs["phone"][ev.MessageID] && ev.Kind == audit.KindMessageStripped
			}},
			{"combined", "platform=messenger&kind=link.&since=2026-11-02&until=2026-11-05", func(ev audit.Event) bool {
				return ev.Platform == "messenger" && strings.HasPrefix(ev.Kind, "link.") && !ev.At.Before(t0.Truncate(24*time.Hour)) && ev.At.Before(time.Date(2026, 11, 6, 0, 0, 0, 0, time.UTC))
			}},
			{"search pseudonym prefix", "q=" + audittest.Pseudonym(17)[:60], func(ev audit.Event) bool {
				return strings.HasPrefix(ev.Pseudonym, audittest.Pseudonym(17)[:60])
			}},
			{"search link", "q=link-002", func(ev audit.Event) bool { return strings.HasPrefix(ev.LinkID, "link-002") }},
			{"search seq", "q=42", func(ev audit.Event) bool { return ev.Seq == 42 || ev.MessageID == 42 }},
			{"search actor", "q=patient", func(ev audit.Event) bool { return ev.Actor == "patient" }},
			{"no match", "platform=fax", func(ev audit.Event) bool { return false }},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var want []int64
				for i := len(all) - 1; i >= 0; i-- {
					if tc.match(all[i]) {
						want = append(want, all[i].Seq)
					}
				}
				got := e.pageAll(tc.query+"&kind_not=auditor", 7)
				if tc.name != "no match" && len(want) == 0 {
					t.Fatal("test case matches nothing")
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s: got %v\nwant %v", tc.query, got, want)
				}
				ev := e.lastEvent()
				if ev.Kind != audit.KindAuditorQuery || ev.Actor != "auditor:alice" || !strings.Contains(ev.Detail, `"query":"events"`) {
					t.Fatalf("query not audited: %+v", ev)
				}
			})
		}
		for _, bad := range []string{"since=yesterday", "limit=0", "limit=501", "order=up", "cursor=zzz", "message_id=-1"} {
			if st, b, _ := e.do("GET", "/api/v1/events?"+bad, e.token, ""); st != 400 {
				t.Errorf("%s: %d %s", bad, st, b)
			}
		}
	})
}

func TestAPIPaginationAcrossInserts(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db, 10)
		for _, order := range []string{"desc", "asc"} {
			var seen []int64
			var p admin.Page
			e.getJSON("/api/v1/events?kind=message.,link.,reply.&order="+order+"&limit=5", &p)
			for p.NextCursor != "" || len(p.Events) > 0 {
				for _, ev := range p.Events {
					seen = append(seen, ev.Seq)
				}
				// New events arrive between pages (the auditor's own queries too).
				if len(seen) < 40 {
					audittest.Conversations(t, db, 1, t0.Add(240*time.Hour))
				}
				if p.NextCursor == "" {
					break
				}
				next := admin.Page{}
				e.getJSON("/api/v1/events?kind=message.,link.,reply.&limit=5&cursor="+url.QueryEscape(p.NextCursor), &next)
				p = next
			}
			for i := 1; i < len(seen); i++ {
				if (order == "desc") != (seen[i] < seen[i-1]) {
					t.Fatalf("%s: not strictly ordered: %v", order, seen)
				}
			}
			if order == "desc" && len(seen) != e.events-6 { // token events and the checkpointed seed
				var n int64
				db.Model(&audit.Event{}).Where("seq <= ? AND (kind LIKE 'message.%' OR kind LIKE 'link.%' OR kind LIKE 'reply.%')", seen[0]).Count(&n)
				if int64(len(seen)) != n {
					t.Fatalf("desc: saw %d events, %d existed at the first page", len(seen), n)
				}
			}
			t.Logf("%s: %d events over pages with inserts between them", order, len(seen))
		}
	})
}

func TestAPIConversationStatsVerifyExport(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		e := newEnv(t, db, 21)
		ps := audittest.Pseudonym(3)
		var conv admin.Conversation
		e.getJSON("/api/v1/conversations/"+ps, &conv)
		if len(conv.Messages) != 1 || !strings.Contains(conv.Messages[0].RedactedText, "[phone]") || len(conv.Links) != 1 {
			t.Fatalf("conversation %+v", conv)
		}
		l := conv.Links[0]
		if l.Status != "redeemed" || l.IssuedAt == nil || l.OpenedAt == nil || l.RedeemedAt == nil || len(conv.Events) != 6 {
			t.Fatalf("link lifecycle %+v, %d events", l, len(conv.Events))
		}
		if ev := e.lastEvent(); ev.Kind != audit.KindAuditorQuery || !strings.Contains(ev.Detail, `"pseudonym":"`+ps) || !strings.Contains(ev.Detail, `"rows":7`) {
			t.Fatalf("conversation query not audited: %+v", ev)
		}

		var st admin.Stats
		e.getJSON("/api/v1/stats?since=2026-11-01&until=2026-11-05", &st)
		var total, day0 int64
		for _, c := range st.ByPlatform {
			total += c.Count
			if c.Day == "2026-11-02" {
				day0 += c.Count
			}
		}
		if total != 21 || day0 != 7 || len(st.Days) != 5 {
			t.Fatalf("by platform: total %d day0 %d days %v", total, day0, st.Days)
		}
		var cats int64
		for _, c := range st.ByCategory {
			cats += c.Count
		}
		if cats != 21+7 { // one category each, a second one for every third
			t.Fatalf("by category total %d: %+v", cats, st.ByCategory)
		}
		if st.Links.Issued != 21 || st.Links.Redeemed != 7 || st.Links.Opened != 14 || st.Links.RedemptionRate < 0.33 || st.Links.RedemptionRate > 0.34 {
			t.Fatalf("links %+v", st.Links)
		}

		var r audit.Report
		e.getJSON("/api/v1/verify?fresh=1", &r)
		if !r.OK || r.Checkpoints != 1 || !r.SignaturesChecked {
			t.Fatalf("verify %+v", r)
		}

		st2, body, hdr := e.do("GET", "/api/v1/export?format=csv&platform=sms", e.token, "")
		if st2 != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || !strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %v", st2, hdr)
		}
		rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		db.Model(&audit.Event{}).Where("platform = 'sms'").Count(&n)
		if int64(len(rows)-1) != n || n == 0 {
			t.Fatalf("export rows %d, want %d", len(rows)-1, n)
		}
		ev := e.lastEvent()
		if ev.Kind != audit.KindAuditorQuery || !strings.Contains(ev.Detail, `"query":"export"`) || !strings.Contains(ev.Detail, fmt.Sprintf(`"rows":%d`, n)) {
			t.Fatalf("export not audited with its row count: %+v", ev)
		}
		if st, _, _ := e.do("GET", "/api/v1/export?format=pdf", e.token, ""); st != 400 {
			t.Fatalf("bad format: %d", st)
		}
		// The chain still verifies with all the auditor events appended.
		if r, _ := audit.Verify(t.Context(), db, e.signer, audit.VerifyOptions{}); !r.OK {
			t.Fatalf("chain broken after the API calls: %v", r.Breaks)
		}
	})
}

func TestAPIAuthAndRoles(t *testing.T) {
	db := audittest.SQLite(t)
	e := newEnv(t, db, 3)
	if st, _, h := e.do("GET", "/api/v1/events", "", ""); st != 401 || !strings.Contains(h.Get("WWW-Authenticate"), "Bearer") {
		t.Fatalf("no token: %d", st)
	}
	if st, _, _ := e.do("GET", "/api/v1/events", "garbage", ""); st != 401 {
		t.Fatalf("garbage token: %d", st)
	}
	// Forged (signed by a key Vault never had), expired, and a patient link token.
	forged, _, _ := admin.IssueToken(t.Context(), db, audittest.NewKeySigner(), admin.TokenOptions{Name: "mallory", Role: admin.RoleAdmin})
	if st, _, _ := e.do("GET", "/api/v1/me", forged, ""); st != 401 {
		t.Fatalf("forged token: %d", st)
	}
	later := fiber.New(fiber.Config{DisableStartupMessage: true})
	admin.Mount(later, admin.Deps{DB: db, Signer: e.signer, Now: func() time.Time { return time.Now().Add(9 * time.Hour) }})
	if resp, _ := later.Test(httptest.NewRequest("GET", "/api/v1/me", nil).WithContext(t.Context())); resp.StatusCode != 401 {
		t.Fatalf("no token on the later app: %d", resp.StatusCode)
	}
	req := httptest.NewRequest("GET", "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	if resp, _ := later.Test(req); resp.StatusCode != 401 {
		t.Fatalf("expired token (8h TTL, 9h later): %d", resp.StatusCode)
	}
	link, _ := portal.NewIssuer(e.signer, portal.IssuerConfig{Issuer: "http://x"}).Issue(t.Context(), "ps", "en", portal.NewJTI(), time.Time{})
	if st, _, _ := e.do("GET", "/api/v1/me", link, ""); st != 401 {
		t.Fatalf("patient link token: %d", st)
	}
	var me admin.Principal
	e.getJSON("/api/v1/me", &me)
	if me.Name != "alice" || me.Role != "auditor" {
		t.Fatalf("me %+v", me)
	}
	if st, _, _ := e.do("GET", "/api/v1/tokens", e.token, ""); st != 403 {
		t.Fatalf("auditor listing tokens: %d", st)
	}
	st, b, _ := e.do("POST", "/api/v1/tokens", e.admin, `{"name":"carol","ttl":"1h"}`)
	if st != 201 {
		t.Fatalf("issue: %d %s", st, b)
	}
	var issued struct {
		Token  string
		Record audit.AuditorToken
	}
	json.Unmarshal(b, &issued)
	if st, _, _ := e.do("GET", "/api/v1/me", issued.Token, ""); st != 200 {
		t.Fatalf("new token: %d", st)
	}
	if st, b, _ := e.do("POST", "/api/v1/tokens", e.admin, `{"name":"bad name"}`); st != 400 {
		t.Fatalf("bad name: %d %s", st, b)
	}
	st, b, _ = e.do("GET", "/api/v1/tokens", e.admin, "")
	if st != 200 || !strings.Contains(string(b), "carol") {
		t.Fatalf("list: %d %s", st, b)
	}
	if st, _, _ := e.do("DELETE", "/api/v1/tokens/"+issued.Record.ID, e.admin, ""); st != 204 {
		t.Fatalf("revoke: %d", st)
	}
	if st, _, _ := e.do("GET", "/api/v1/me", issued.Token, ""); st != 401 {
		t.Fatalf("revoked token: %d", st)
	}
	if st, _, _ := e.do("DELETE", "/api/v1/tokens/nope", e.admin, ""); st != 404 {
		t.Fatalf("revoke unknown: %d", st)
	}
	ev := e.lastEvent()
	if ev.Kind != audit.KindTokenRevoked || ev.Actor != "auditor:root" {
		t.Fatalf("revocation not audited: %+v", ev)
	}
}
