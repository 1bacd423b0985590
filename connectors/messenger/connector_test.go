package messenger

import (
	"testing"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
	"github.com/ferryhealth/ferry/connectors/meta"
	"github.com/ferryhealth/ferry/connectors/meta/metatest"
)

const (
	testAppSecret   = "test-app-secret-messenger"
	testVerifyToken = "test-verify-token-0123"
	testToken       = "EAAtest-page-token-secret"
	page            = "100200300400500"
	psid            = "7000000000000001"
)

// suite runs the tests shared with the other meta.PageConnector platforms.
var suite = metatest.PageSuite{
	Platform: Platform, New: New, MaxRunes: MaxRunes,
	AppSecret: testAppSecret, VerifyToken: testVerifyToken, AccessToken: testToken,
	Page: page, PSID: psid,
	Replyable: 3, HelloFragment: "Gr", ReplyText: "Bitte hier weiter: https://ferry.example/l/abc",
}

var testSecret = suite.Secret()

func sign(body []byte) (string, string) {
	return meta.SignatureHeader, meta.Signature(testAppSecret, body)
}

func ms(v int64) time.Time { return time.UnixMilli(v).UTC() }

func TestRegistered(t *testing.T) {
	f, ok := connectors.Lookup(Platform)
	if !ok {
		t.Fatal("messenger not registered")
	}
	c := f(connectors.Options{})
	if c.Platform() != "messenger" {
		t.Fatalf("platform %q", c.Platform())
	}
	if l := c.Limits(); l.MaxChars != 2000 || l.Unit != "runes" {
		t.Fatalf("limits %+v", l)
	}
	ack := c.Ack()
	if ack == nil || ack.Status != 200 || string(ack.Body) != "EVENT_RECEIVED" {
		t.Fatalf("ack %+v", ack)
	}
}

func TestParseFixtures(t *testing.T) {
	tests := []connectortest.ParseCase{
		{Fixture: "hello", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "m_hello_0001",
			Text: "Grüße äöå 😀 mail me at pat@example.org or see https://example.org/a?b=1%20 <b>",
			Kind: connectors.KindText, Time: ms(1767225600123),
		}}},
		{Fixture: "media", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "m_media_0001",
			Kind: connectors.KindMedia, Time: ms(1767225601000), Note: "image",
		}}},
		{Fixture: "echo", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "echo:m_echo_0001", RefID: "m_echo_0001",
			Kind: connectors.KindEcho, Time: ms(1767225602000), Note: "tag:ferry-job-42",
		}}},
		{Fixture: "echo_other_app", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "echo:m_echo_0002", RefID: "m_echo_0002",
			Kind: connectors.KindEcho, Time: ms(1767225602500),
		}}},
		{Fixture: "receipt", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "receipt:delivered:1767225602900:" + metatest.Hash(psid),
			RefID: "m_sent_0001", Status: "delivered", Kind: connectors.KindReceipt, Time: ms(1767225603000),
		}}},
		{Fixture: "read", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "receipt:read:1767225603900:" + metatest.Hash(psid),
			Status: "read", Kind: connectors.KindReceipt, Time: ms(1767225604000),
		}}},
		{Fixture: "postback", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "m_postback_0001",
			Text: "Book an appointment", Kind: connectors.KindPostback, Time: ms(1767225605000),
		}}},
		{Fixture: "postback_user_ref", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: "plugin-ref-0001",
			MessageID: "postback:1767225605100:" + metatest.Hash("plugin-ref-0001\x00GET_STARTED"),
			Text:      "Get Started", Kind: connectors.KindPostback, Time: ms(1767225605100),
			Reply: map[string]string{"recipient": "user_ref"},
		}}},
		{Fixture: "quick_reply", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "m_qr_0001",
			Text: "Yes please", Kind: connectors.KindPostback, Time: ms(1767225606000), Note: "quick_reply",
		}}},
		{Fixture: "multi_entry_batch", Want: []connectors.Inbound{
			{Platform: Platform, AccountID: page, SenderID: psid, MessageID: "m_batch_0001", Text: "first", Kind: connectors.KindText, Time: ms(1767225607001)},
			{Platform: Platform, AccountID: page, SenderID: "7000000000000002", MessageID: "m_batch_0002", Text: "second", Kind: connectors.KindText, Time: ms(1767225607002)},
			{Platform: Platform, AccountID: page, SenderID: psid, MessageID: "receipt:delivered:1767225607000:" + metatest.Hash(psid), Status: "delivered", Kind: connectors.KindReceipt, Time: ms(1767225607003)},
			{Platform: Platform, AccountID: "100200300400999", SenderID: "7000000000000003", MessageID: "m_batch_0003", Text: "other page", Kind: connectors.KindText, Time: ms(1767225607101)},
			{Platform: Platform, AccountID: "100200300400999", SenderID: "7000000000000003", MessageID: "echo:m_batch_echo", RefID: "m_batch_echo", Kind: connectors.KindEcho, Time: ms(1767225607102)},
		}},
		{Fixture: "standby", Want: []connectors.Inbound{
			{Platform: Platform, AccountID: page, SenderID: psid, MessageID: "m_standby_0001", Text: "hello inbox", Kind: connectors.KindText, Time: ms(1767225608000), Note: "standby"},
			{Platform: Platform, AccountID: page, SenderID: psid, MessageID: "echo:m_standby_echo", RefID: "m_standby_echo", Kind: connectors.KindEcho, Time: ms(1767225608100), Note: "standby"},
		}},
		{Fixture: "reaction", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "reaction:m_sent_0001:react:1767225609000:" + metatest.Hash(psid),
			RefID: "m_sent_0001", Kind: connectors.KindReaction, Time: ms(1767225609000), Note: "react",
		}}},
		{Fixture: "edit", Want: []connectors.Inbound{{
			Platform: Platform, AccountID: page, SenderID: psid, MessageID: "edit:m_hello_0001:1",
			RefID: "m_hello_0001", Text: "edited text", Kind: connectors.KindEdit, Time: ms(1767225610000),
		}}},
		{Fixture: "unknown_type", Want: []connectors.Inbound{
			{Platform: Platform, AccountID: page, SenderID: psid, Kind: connectors.KindIgnored, Time: ms(1767225611000), Note: "optin"},
			{Platform: Platform, AccountID: page, SenderID: psid, Kind: connectors.KindIgnored, Time: ms(1767225611001), Note: "unsupported_event"},
			{Platform: Platform, AccountID: page, Kind: connectors.KindIgnored, Time: ms(1767225611000), Note: "malformed_event"},
			{Platform: Platform, AccountID: page, Kind: connectors.KindIgnored, Time: ms(1767225611000), Note: "change:feed"},
		}},
		{Fixture: "malformed", Err: connectors.ErrMalformed},
		{Fixture: "wrong_object", Err: connectors.ErrMalformed},
	}
	connectortest.RunParseCases(t, connectortest.Inbound{
		Connector: suite.Connector(""),
		Secret:    testSecret,
		URL:       "https://ferry.example/webhooks/messenger",
		Signers:   []connectortest.Signer{sign},
		Forbidden: []string{"scontent.example.net", "secret-image-path", "BOOK_APPOINTMENT", "CONFIRM_YES", "\u2764", "staff reply", "Please continue", testAppSecret},
	}, tests)
}

func TestPageSuite(t *testing.T) { metatest.RunPageSuite(t, suite) }

func FuzzParse(f *testing.F) { metatest.FuzzParse(f, suite) }

func FuzzVerify(f *testing.F) { metatest.FuzzVerify(f, suite) }
