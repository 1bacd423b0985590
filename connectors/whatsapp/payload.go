package whatsapp

import (
	"encoding/json"

	"github.com/ferryhealth/ferry/connectors/meta"
)

// Envelope is a WhatsApp Cloud API webhook body: entry[].changes[].value.
//
//	{"object":"whatsapp_business_account","entry":[{"id":"<WABA_ID>","changes":[{"field":"messages",
//	 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
//	 "phone_number_id":"106540352242922"},"contacts":[…],"messages":[…]}}]}]}
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview
type Envelope struct {
	Object string  `json:"object"`
	Entry  []Entry `json:"entry"`
}

// Entry is one WhatsApp Business Account.
type Entry struct {
	ID      meta.FlexString   `json:"id"`
	Changes []json.RawMessage `json:"changes"`
}

// Change is one entry.changes[] element.
type Change struct {
	Field string `json:"field"`
	Value *Value `json:"value"`
}

// Value is change.value for the "messages" and "smb_message_echoes" fields. Messages and
// statuses are decoded one by one so that one odd element cannot sink the batch.
type Value struct {
	MessagingProduct string            `json:"messaging_product"`
	Metadata         Metadata          `json:"metadata"`
	Messages         []json.RawMessage `json:"messages"`
	Statuses         []json.RawMessage `json:"statuses"`
	MessageEchoes    []json.RawMessage `json:"message_echoes"`
	Errors           []Error           `json:"errors"`
}

// Metadata identifies the business phone number the event belongs to.
type Metadata struct {
	DisplayPhoneNumber meta.FlexString `json:"display_phone_number"`
	PhoneNumberID      meta.FlexString `json:"phone_number_id"`
}

// Message is one value.messages[] (or value.message_echoes[]) element. Media ids, URLs,
// file names, locations, contact cards and profile names are deliberately not decoded.
//
//	{"from":"16505551234","id":"wamid.…","timestamp":"1749416383","type":"text","text":{"body":"…"}}
type Message struct {
	From       meta.FlexString `json:"from"`
	FromUserID meta.FlexString `json:"from_user_id"` // business-scoped user id (usernames, 2026)
	To         meta.FlexString `json:"to"`           // message_echoes only
	ID         meta.FlexString `json:"id"`
	Timestamp  meta.FlexInt    `json:"timestamp"`
	Type       string          `json:"type"`

	Text        *Text        `json:"text"`
	Image       *Media       `json:"image"`
	Video       *Media       `json:"video"`
	Document    *Media       `json:"document"`
	Audio       *Media       `json:"audio"`
	Sticker     *Media       `json:"sticker"`
	Interactive *Interactive `json:"interactive"`
	Button      *Button      `json:"button"`
	Reaction    *Reaction    `json:"reaction"`
	Edit        *Edit        `json:"edit"`
	Revoke      *Revoke      `json:"revoke"`
	Errors      []Error      `json:"errors"`
}

// Text is message.text.
type Text struct {
	Body string `json:"body"`
}

// Media is message.image/video/document/audio/sticker; only the caption is read.
type Media struct {
	Caption string `json:"caption"`
}

// Interactive is message.interactive: a reply to reply buttons, a list or a flow.
type Interactive struct {
	Type        string `json:"type"`
	ButtonReply *Reply `json:"button_reply"`
	ListReply   *Reply `json:"list_reply"`
	NfmReply    *struct {
		Body string `json:"body"`
	} `json:"nfm_reply"`
}

// Reply is interactive.button_reply / list_reply; Title is what the patient saw and tapped.
type Reply struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Button is message.button: a tap on a template quick-reply button.
type Button struct {
	Text    string `json:"text"`
	Payload string `json:"payload"`
}

// Reaction is message.reaction (an empty emoji removes the reaction).
type Reaction struct {
	MessageID meta.FlexString `json:"message_id"`
	Emoji     string          `json:"emoji"`
}

// Edit is message.edit: the patient edited an earlier message.
type Edit struct {
	OriginalMessageID meta.FlexString `json:"original_message_id"`
	Message           *Message        `json:"message"`
}

// Revoke is message.revoke: the patient deleted a message.
type Revoke struct {
	OriginalMessageID meta.FlexString `json:"original_message_id"`
}

// Error is an element of errors[] in messages and statuses; only the code is read.
type Error struct {
	Code meta.FlexInt `json:"code"`
}

// Status is one value.statuses[] element: the fate of a message we sent.
//
//	{"id":"wamid.…","status":"failed","timestamp":"1689380458","recipient_id":"…",
//	 "errors":[{"code":131047,"title":"…"}],"biz_opaque_callback_data":"<tag>"}
type Status struct {
	ID              meta.FlexString `json:"id"`
	Status          string          `json:"status"`
	Timestamp       meta.FlexInt    `json:"timestamp"`
	RecipientID     meta.FlexString `json:"recipient_id"`
	RecipientUserID meta.FlexString `json:"recipient_user_id"`
	Errors          []Error         `json:"errors"`
	CallbackData    string          `json:"biz_opaque_callback_data"`
}
