package x

import (
	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/connectors/connectortest"
)

func newTest(base string) *Connector {
	return New(connectors.Options{APIBase: base, HTTPClient: connectortest.LocalClient()}).(*Connector)
}
