// Command ferry is the Ferry gateway: it only wires the packages together.
package main

import (
	"os"

	_ "github.com/ferryhealth/ferry/connectors/instagram"
	_ "github.com/ferryhealth/ferry/connectors/messenger"
	_ "github.com/ferryhealth/ferry/connectors/telegram"
	_ "github.com/ferryhealth/ferry/connectors/twilio"
	_ "github.com/ferryhealth/ferry/connectors/whatsapp"
	_ "github.com/ferryhealth/ferry/connectors/x"
	"github.com/ferryhealth/ferry/gateway/cli"
)

func main() { os.Exit(cli.Execute()) }
