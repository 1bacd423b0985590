// Package whatsapp is the WhatsApp Cloud API connector: webhooks in (object
// "whatsapp_business_account", entry[].changes[].value), replies out at
// {base}/{phone_number_id}/messages with "Authorization: Bearer <access_token>".
//
// When the 24-hour customer-service window is closed (error 131047), Send sends the
// approved template named in Options.Settings instead:
//
//	template          name of the approved template (no fallback when empty)
//	template_lang     its language code (default en_US); template_lang_<lang> overrides it
//	                  for Outbound.Lang, e.g. template_lang_es = es_MX
//	template_link     where the link goes: "body" (default: Outbound.Link as body parameter
//	                  {{1}}) or "button" (dynamic suffix of URL button 0)
//	template_url_base for "button": the button's fixed URL prefix, stripped from the link to
//	                  give the suffix (default: the suffix is the link's last path segment)
package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/meta"
)

// Platform is the name used in routes, Vault paths and the database.
const Platform = "whatsapp"

// MaxRunes is the text message body limit (4096 characters).
const MaxRunes = 4096

// Settings keys.
const (
	SettingTemplate        = "template"
	SettingTemplateLang    = "template_lang"
	SettingTemplateLink    = "template_link"
	SettingTemplateURLBase = "template_url_base"
)

// DefaultTemplateLang is the template language when none is configured.
const DefaultTemplateLang = "en_US"

func init() { connectors.Register(Platform, New) }

// Connector implements connectors.Connector for WhatsApp Cloud.
type Connector struct {
	opts connectors.Options
	base string
}

// New builds the WhatsApp connector. opts.APIBase replaces https://graph.facebook.com/v21.0.
func New(opts connectors.Options) connectors.Connector {
	opts.HTTPClient = meta.Client(opts)
	return &Connector{opts: opts, base: meta.APIBase(opts)}
}

// Platform implements connectors.Connector.
func (c *Connector) Platform() string { return Platform }

// Handshake answers the hub.challenge GET.
func (c *Connector) Handshake(ctx context.Context, req *connectors.Request, sec connectors.Secret) (*connectors.Response, error) {
	return meta.Handshake(ctx, req, sec)
}

// Verify checks X-Hub-Signature-256 over the raw body with app_secret.
func (c *Connector) Verify(_ context.Context, req *connectors.Request, sec connectors.Secret) error {
	return meta.Verify(req, sec)
}

// Parse reads every entry, change, message, status and coexistence echo.
func (c *Connector) Parse(req *connectors.Request) ([]connectors.Inbound, error) {
	if req == nil {
		return parse(nil)
	}
	return parse(req.Body)
}

// Limits implements connectors.Connector.
func (c *Connector) Limits() connectors.Limits {
	return connectors.Limits{MaxChars: MaxRunes, Unit: "runes"}
}

// Ack implements connectors.Connector.
func (c *Connector) Ack() *connectors.Response { return meta.Ack() }

// textMessage is the free-form text send body.
//
//	{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234",
//	 "type":"text","text":{"preview_url":true,"body":"…"}}
type textMessage struct {
	MessagingProduct string   `json:"messaging_product"`
	RecipientType    string   `json:"recipient_type"`
	To               string   `json:"to,omitempty"`
	Recipient        string   `json:"recipient,omitempty"` // business-scoped user id
	Type             string   `json:"type"`
	Text             textBody `json:"text"`
	CallbackData     string   `json:"biz_opaque_callback_data,omitempty"`
}

type textBody struct {
	PreviewURL bool   `json:"preview_url"`
	Body       string `json:"body"`
}

// templateMessage is the template send body used when the window is closed.
type templateMessage struct {
	MessagingProduct string       `json:"messaging_product"`
	RecipientType    string       `json:"recipient_type"`
	To               string       `json:"to,omitempty"`
	Recipient        string       `json:"recipient,omitempty"` // business-scoped user id
	Type             string       `json:"type"`
	Template         templateBody `json:"template"`
	CallbackData     string       `json:"biz_opaque_callback_data,omitempty"`
}

type templateBody struct {
	Name       string      `json:"name"`
	Language   language    `json:"language"`
	Components []component `json:"components"`
}

type language struct {
	Code string `json:"code"`
}

type component struct {
	Type       string      `json:"type"`
	SubType    string      `json:"sub_type,omitempty"`
	Index      string      `json:"index,omitempty"`
	Parameters []parameter `json:"parameters"`
}

type parameter struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// sendResponse is the success body: {"messaging_product":"whatsapp","contacts":[…],"messages":[{"id":"wamid.…"}]}.
type sendResponse struct {
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

// maxCallbackData is the documented limit of biz_opaque_callback_data.
const maxCallbackData = 512

// Send posts the reply as text; on 131047 (window closed) it sends the configured template
// and reports Fallback "template:<name>".
func (c *Connector) Send(ctx context.Context, out *connectors.Outbound, sec connectors.Secret) (*connectors.SendResult, error) {
	token := sec[meta.KeyAccessToken]
	if token == "" {
		return nil, &connectors.SendError{Platform: Platform, Reason: "access token not configured", Auth: true}
	}
	if out == nil || out.RecipientID == "" {
		return nil, &connectors.SendError{Platform: Platform, Reason: "no recipient"}
	}
	phone := out.Reply[ReplyPhoneNumberID]
	if phone == "" {
		phone = out.AccountID
	}
	if phone == "" {
		return nil, &connectors.SendError{Platform: Platform, Reason: "no phone number id"}
	}
	if out.Text == "" || !utf8.ValidString(out.Text) {
		return nil, &connectors.SendError{Platform: Platform, Reason: "empty or invalid text"}
	}
	if utf8.RuneCountInString(out.Text) > MaxRunes {
		return nil, &connectors.SendError{Platform: Platform, Reason: "text exceeds platform limit"}
	}
	endpoint := c.base + "/" + url.PathEscape(phone) + "/messages"
	tag := ""
	if len(out.Tag) <= maxCallbackData {
		tag = out.Tag
	}
	msg := textMessage{
		MessagingProduct: "whatsapp", RecipientType: "individual", Type: "text",
		Text: textBody{PreviewURL: true, Body: out.Text}, CallbackData: tag,
	}
	msg.To, msg.Recipient = addressee(out)
	body, err := meta.PostJSON(ctx, c.opts.HTTPClient, Platform, endpoint, token, msg)
	if err == nil {
		return &connectors.SendResult{MessageID: messageID(body)}, nil
	}
	var se *connectors.SendError
	if !errors.As(err, &se) || (se.Code != "131047" && se.Code != "470") {
		return nil, err
	}
	name := strings.TrimSpace(c.opts.Settings[SettingTemplate])
	if name == "" {
		se.Reason = "outside customer service window, no template configured"
		return nil, se
	}
	tmpl, terr := c.template(name, out, tag)
	if terr != nil {
		return nil, terr
	}
	body, err = meta.PostJSON(ctx, c.opts.HTTPClient, Platform, endpoint, token, tmpl)
	if err != nil {
		return nil, err
	}
	return &connectors.SendResult{MessageID: messageID(body), Fallback: "template:" + name}, nil
}

// template builds the template message carrying the link.
func (c *Connector) template(name string, out *connectors.Outbound, tag string) (*templateMessage, error) {
	s := c.opts.Settings
	lang := s[SettingTemplateLang]
	if out.Lang != "" && s[SettingTemplateLang+"_"+out.Lang] != "" {
		lang = s[SettingTemplateLang+"_"+out.Lang]
	}
	if lang == "" {
		lang = DefaultTemplateLang
	}
	link := strings.TrimSpace(out.Link)
	if link == "" {
		return nil, &connectors.SendError{Platform: Platform, Code: "131047", Reason: "outside customer service window, no link for the template"}
	}
	comp := component{Type: "body", Parameters: []parameter{{Type: "text", Text: link}}}
	if s[SettingTemplateLink] == "button" {
		suffix := ""
		if base := s[SettingTemplateURLBase]; base != "" && strings.HasPrefix(link, base) {
			suffix = strings.TrimPrefix(link, base)
		} else if u, err := url.Parse(link); err == nil {
			p := strings.TrimRight(u.Path, "/")
			suffix = p[strings.LastIndex(p, "/")+1:]
		}
		if suffix == "" {
			return nil, &connectors.SendError{Platform: Platform, Code: "131047", Reason: "outside customer service window, link has no button suffix"}
		}
		comp = component{Type: "button", SubType: "url", Index: "0", Parameters: []parameter{{Type: "text", Text: suffix}}}
	}
	tm := &templateMessage{
		MessagingProduct: "whatsapp", RecipientType: "individual", Type: "template",
		Template:     templateBody{Name: name, Language: language{Code: lang}, Components: []component{comp}},
		CallbackData: tag,
	}
	tm.To, tm.Recipient = addressee(out)
	return tm, nil
}

// addressee returns the "to" phone number, or the "recipient" business-scoped user id
// (BSUID, e.g. "US.13491208655302741918") for patients who write with a username only.
func addressee(out *connectors.Outbound) (to, recipient string) {
	if out.Reply[ReplyAddress] == AddressBSUID || strings.Contains(out.RecipientID, ".") {
		return "", out.RecipientID
	}
	return out.RecipientID, ""
}

func messageID(body []byte) string {
	var r sendResponse
	if json.Unmarshal(body, &r) != nil || len(r.Messages) == 0 {
		return ""
	}
	return r.Messages[0].ID
}
