// Package messenger is the Facebook Messenger connector: Page webhooks in (object "page"),
// Send API replies out at {base}/me/messages. The shared Page connector lives in
// connectors/meta.
package messenger

import (
	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/meta"
)

// Platform is the name used in routes, Vault paths and the database.
const Platform = "messenger"

// MaxRunes is the Send API text limit ("UTF-8 and less than 2000 characters").
const MaxRunes = 2000

func init() { connectors.Register(Platform, New) }

// New builds the Messenger connector. opts.APIBase replaces https://graph.facebook.com/v21.0.
func New(opts connectors.Options) connectors.Connector {
	return meta.NewPageConnector(Platform, meta.ObjectPage, MaxRunes, opts)
}
