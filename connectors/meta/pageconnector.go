package meta

import (
	"context"

	"github.com/ferryhealth/ferry/connectors"
)

// PageConnector is the connector shape Messenger and Instagram share: the same signature,
// handshake and Send API, differing only in the webhook object and the text limit.
type PageConnector struct {
	platform string
	object   string
	maxRunes int
	sender   PageSender
}

// NewPageConnector builds a Page-style connector. opts.APIBase replaces
// https://graph.facebook.com/v21.0.
func NewPageConnector(platform, object string, maxRunes int, opts connectors.Options) *PageConnector {
	return &PageConnector{platform: platform, object: object, maxRunes: maxRunes,
		sender: PageSender{Platform: platform, Base: APIBase(opts), Client: Client(opts), MaxRunes: maxRunes}}
}

// Platform implements connectors.Connector.
func (c *PageConnector) Platform() string { return c.platform }

// Handshake answers the hub.challenge GET.
func (c *PageConnector) Handshake(ctx context.Context, req *connectors.Request, sec connectors.Secret) (*connectors.Response, error) {
	return Handshake(ctx, req, sec)
}

// Verify checks X-Hub-Signature-256 over the raw body with app_secret.
func (c *PageConnector) Verify(_ context.Context, req *connectors.Request, sec connectors.Secret) error {
	return Verify(req, sec)
}

// Parse reads every entry and messaging/standby event of the webhook.
func (c *PageConnector) Parse(req *connectors.Request) ([]connectors.Inbound, error) {
	if req == nil {
		return ParsePage(c.platform, c.object, nil)
	}
	return ParsePage(c.platform, c.object, req.Body)
}

// Send posts one RESPONSE message to {base}/me/messages.
func (c *PageConnector) Send(ctx context.Context, out *connectors.Outbound, sec connectors.Secret) (*connectors.SendResult, error) {
	return c.sender.Send(ctx, out, sec)
}

// Limits implements connectors.Connector.
func (c *PageConnector) Limits() connectors.Limits {
	return connectors.Limits{MaxChars: c.maxRunes, Unit: "runes"}
}

// Ack implements connectors.Connector.
func (c *PageConnector) Ack() *connectors.Response { return Ack() }
