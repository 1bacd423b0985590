// Package instagram is the Instagram Messaging connector: webhooks in (object
// "instagram"), Send API replies out at {base}/me/messages. It serves both integration
// paths: Messenger API for Instagram (default base https://graph.facebook.com/v21.0, Page
// access token) and Instagram API with Instagram Login (set the API base to
// https://graph.instagram.com/v21.0 and store the Instagram user token as access_token;
// the Instagram app secret goes in app_secret or app_secret_alt).
package instagram

import (
	"context"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/meta"
)

// Platform is the name used in routes, Vault paths and the database.
const Platform = "instagram"

// MaxRunes is the Send API text limit ("must be less than 1000 characters").
const MaxRunes = 1000

func init() { connectors.Register(Platform, New) }

// Connector implements connectors.Connector for Instagram.
type Connector struct {
	sender meta.PageSender
}

// New builds the Instagram connector. opts.APIBase replaces https://graph.facebook.com/v21.0.
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

// Parse reads every entry and messaging/standby event of a "instagram" webhook (echoes arrive inside messages with is_echo).
func (c *Connector) Parse(req *connectors.Request) ([]connectors.Inbound, error) {
	if req == nil {
		return meta.ParsePage(Platform, meta.ObjectInstagram, nil)
	}
	return meta.ParsePage(Platform, meta.ObjectInstagram, req.Body)
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
