// Command vault builds HashiCorp Vault's own CLI and server from the Go module proxy,
// so tests and `make run` can start a real dev Vault (see ../../README.md, "make vault").
package main

import (
	"os"

	"github.com/hashicorp/vault/command"
)

func main() { os.Exit(command.Run(os.Args[1:])) }
