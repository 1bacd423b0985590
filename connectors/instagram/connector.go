// Package instagram is the Instagram Messaging connector: webhooks in (object
// "instagram"; echoes arrive inside messages with is_echo), Send API replies out at
// {base}/me/messages. It serves both integration paths: Messenger API for Instagram
// (default base https://graph.facebook.com/v21.0, Page access token) and Instagram API
// with Instagram Login (set the API base to https://graph.instagram.com/v21.0 and store the
// Instagram user token as access_token; the Instagram app secret goes in app_secret or
// app_secret_alt). The shared Page connector lives in connectors/meta.
package instagram

import (
	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/meta"
)

// Platform is the name used in routes, Vault paths and the database.
const Platform = "instagram"

// MaxRunes is the Send API text limit ("must be less than 1000 characters").
const MaxRunes = 1000

func init() { connectors.Register(Platform, New) }

// New builds the Instagram connector. opts.APIBase replaces https://graph.facebook.com/v21.0.
func New(opts connectors.Options) connectors.Connector {
	return meta.NewPageConnector(Platform, meta.ObjectInstagram, MaxRunes, opts)
}
