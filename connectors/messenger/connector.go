// Package messenger is the Facebook Messenger connector: Page webhooks in (object "page"),
// Send API replies out at {base}/me/messages.
package messenger

import (
	"context"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/meta"
)

// Platform is the name used in routes, Vault paths and the database.
const Platform = "messenger"

// MaxRunes is the Send API text limit ("UTF-8 and less than 2000 characters").
const MaxRunes = 2000

func init() { connectors.Register(Platform, New) }

// Connector implements connectors.Connector for Messenger.
type Connector struct {
	sender meta.PageSender
}

// New builds the Messenger connector. opts.APIBase replaces https://graph.facebook.com/v21.0.
func New(opts connectors.Options) connectors.Connector {
	return &Connector{sender: meta.PageSender{
		Platform: Platform,
		Base:     meta.APIBase(opts),
		Client:   meta.Client(opts),
		MaxRunes: MaxRunes,
	}}
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

// Parse reads every entry and messaging/standby event of a "page" webhook.
func (c *Connector) Parse(req *connectors.Request) ([]connectors.Inbound, error) {
	if req == nil {
		return meta.ParsePage(Platform, meta.ObjectPage, nil)
	}
	return meta.ParsePage(Platform, meta.ObjectPage, req.Body)
}

// Send posts one RESPONSE message to {base}/me/messages.
func (c *Connector) Send(ctx context.Context, out *connectors.Outbound, sec connectors.Secret) (*connectors.SendResult, error) {
	return c.sender.Send(ctx, out, sec)
}

// Limits implements connectors.Connector.
func (c *Connector) Limits() connectors.Limits {
	return connectors.Limits{MaxChars: MaxRunes, Unit: "runes"}
}

// Ack implements connectors.Connector.
func (c *Connector) Ack() *connectors.Response { return meta.Ack() }
