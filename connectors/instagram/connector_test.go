package instagram

import (
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
	"github.com/ferryhealth/ferry/connectors/meta"
	"github.com/ferryhealth/ferry/connectors/meta/metatest"
)

const (
	testAppSecret   = "test-app-secret-instagram"
	testVerifyToken = "test-verify-token-0123"
	testToken       = "EAAtest-page-token-secret"
	page            = "17841400000000000"
	psid            = "5000000000000001"
)

// suite runs the tests shared with the other meta.PageConnector platforms.
var suite = metatest.PageSuite{
	Platform: Platform, New: New, MaxRunes: MaxRunes,
	AppSecret: testAppSecret, VerifyToken: testVerifyToken, AccessToken: testToken,
	Page: page, PSID: psid,
	Replyable: 2, HelloFragment: "Hall", ReplyText: "Continúa aquí: https://ferry.example/l/abc",
}

var testSecret = suite.Secret()

func sign(body []byte) (string, string) {
	return meta.SignatureHeader, meta.Signature(testAppSecret, body)
}

func ms(v int64) time.Time { return time.UnixMilli(v).UTC() }

func TestRegistered(t *testing.T) {
	f, ok := connectors.Lookup(Platform)
	if !ok {
		t.Fatal("instagram not registered")
	}
	c := f(connectors.Options{})
	if c.Platform() != "instagram" {
		t.Fatalf("platform %q", c.Platform())
	}
	if l := c.Limits(); l.MaxChars != 1000 || l.Unit != "runes" {
		t.Fatalf("limits %+v", l)
	}
	ack := c.Ack()
	if ack == nil || ack.Status != 200 || string(ack.Body) != "EVENT_RECEIVED" {
		t.Fatalf("ack %+v", ack)
	}
}

func TestParseFixtures(t *testing.T) {
	ev := func(kind connectors.Kind, id string, ms0 int64) connectors.Inbound {
		return connectors.Inbound{Platform: Platform, AccountID: page, SenderID: psid, MessageID: id, Kind: kind, Time: ms(ms0)}
	}
	with := func(in connectors.Inbound, f func(*connectors.Inbound)) connectors.Inbound { f(&in); return in }
	tests := []connectortest.ParseCase{
		{Fixture: "hello", Want: []connectors.Inbound{with(ev(connectors.KindText, "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAwOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjAxNzc5NzY4MjQ3MTI3MA==", 1767225600123),
			func(i *connectors.Inbound) {
				i.Text = "Hallö äöå 🙏 write to pat@example.org / https://example.org/x"
			})}},
		{Fixture: "media", Want: []connectors.Inbound{with(ev(connectors.KindMedia, "ig_mid_media_1", 1767225601000), func(i *connectors.Inbound) { i.Note = "image" })}},
		{Fixture: "echo", Want: []connectors.Inbound{with(ev(connectors.KindEcho, "echo:ig_mid_echo_1", 1767225602000), func(i *connectors.Inbound) { i.RefID = "ig_mid_echo_1" })}},
		{Fixture: "read", Want: []connectors.Inbound{with(ev(connectors.KindReceipt, "receipt:read:ig_mid_echo_1", 1767225603000), func(i *connectors.Inbound) { i.RefID, i.Status = "ig_mid_echo_1", "read" })}},
		{Fixture: "seen", Want: []connectors.Inbound{with(ev(connectors.KindReceipt, "receipt:read:1767225603400:"+metatest.Hash(psid), 1767225603500), func(i *connectors.Inbound) { i.RefID, i.Status = "ig_mid_echo_1", "read" })}},
		{Fixture: "postback", Want: []connectors.Inbound{with(ev(connectors.KindPostback, "ig_mid_postback_1", 1767225604000), func(i *connectors.Inbound) { i.Text = "Opening hours" })}},
		{Fixture: "multi_entry_batch", Want: []connectors.Inbound{
			with(ev(connectors.KindText, "ig_mid_b1", 1767225605001), func(i *connectors.Inbound) { i.Text = "one" }),
			with(ev(connectors.KindEcho, "echo:ig_mid_b2", 1767225605002), func(i *connectors.Inbound) { i.RefID = "ig_mid_b2" }),
			with(ev(connectors.KindReceipt, "receipt:read:ig_mid_b2", 1767225605003), func(i *connectors.Inbound) { i.RefID, i.Status = "ig_mid_b2", "read" }),
			{Platform: Platform, AccountID: "17841400000000999", SenderID: "5000000000000002", MessageID: "ig_mid_b3", Text: "two", Kind: connectors.KindText, Time: ms(1767225605101)},
		}},
		{Fixture: "standby", Want: []connectors.Inbound{with(ev(connectors.KindText, "ig_mid_standby_1", 1767225606000), func(i *connectors.Inbound) { i.Text, i.Note = "standby text", "standby" })}},
		{Fixture: "reaction", Want: []connectors.Inbound{with(ev(connectors.KindReaction, "reaction:ig_mid_echo_1:unreact:1767225607000:"+metatest.Hash(psid), 1767225607000), func(i *connectors.Inbound) { i.RefID, i.Note = "ig_mid_echo_1", "unreact" })}},
		{Fixture: "unsend", Want: []connectors.Inbound{with(ev(connectors.KindDeleted, "deleted:ig_mid_unsent_1", 1767225608000), func(i *connectors.Inbound) { i.RefID = "ig_mid_unsent_1" })}},
		{Fixture: "story_reply", Want: []connectors.Inbound{with(ev(connectors.KindText, "ig_mid_story_reply_1", 1767225609000), func(i *connectors.Inbound) { i.Text, i.Note = "is this open on sunday?", "story_reply" })}},
		{Fixture: "story_mention", Want: []connectors.Inbound{with(ev(connectors.KindIgnored, "ig_mid_mention_1", 1767225610000), func(i *connectors.Inbound) { i.Note = "story_mention" })}},
		{Fixture: "share", Want: []connectors.Inbound{with(ev(connectors.KindMedia, "ig_mid_share_1", 1767225611000), func(i *connectors.Inbound) { i.Note = "share" })}},
		{Fixture: "like_heart", Want: []connectors.Inbound{with(ev(connectors.KindMedia, "ig_mid_heart_1", 1767225612000), func(i *connectors.Inbound) { i.Note = "like_heart" })}},
		{Fixture: "unsupported", Want: []connectors.Inbound{with(ev(connectors.KindMedia, "ig_mid_unsupported_1", 1767225613000), func(i *connectors.Inbound) { i.Note = "unsupported" })}},
		{Fixture: "test_event", Want: []connectors.Inbound{{Platform: Platform, AccountID: "0", SenderID: "12334", MessageID: "random_mid", Text: "random_text", Kind: connectors.KindText, Time: time.Unix(1527459824, 0).UTC()}}},
		{Fixture: "unknown_type", Want: []connectors.Inbound{
			with(ev(connectors.KindIgnored, "", 1767225615000), func(i *connectors.Inbound) { i.Note = "referral" }),
			with(ev(connectors.KindIgnored, "", 1767225615001), func(i *connectors.Inbound) { i.Note = "unsupported_event" }),
			{Platform: Platform, AccountID: page, Kind: connectors.KindIgnored, Time: ms(1767225615000), Note: "change:comments"},
		}},
		{Fixture: "malformed", Err: connectors.ErrMalformed},
		{Fixture: "wrong_object", Err: connectors.ErrMalformed},
	}
	connectortest.RunParseCases(t, connectortest.Inbound{
		Connector: suite.Connector(""),
		Secret:    testSecret,
		URL:       "https://ferry.example/webhooks/instagram",
		Signers:   []connectortest.Signer{sign},
		Forbidden: []string{"lookaside", "secret-", "ICEBREAKER", "18000000000000001", "public comment", "Please continue", testAppSecret},
	}, tests)
}

func TestPageSuite(t *testing.T) { metatest.RunPageSuite(t, suite) }

func FuzzParse(f *testing.F) { metatest.FuzzParse(f, suite) }

func FuzzVerify(f *testing.F) { metatest.FuzzVerify(f, suite) }
