//go:build !linux

package devvault

import "os/exec"

func setProcAttrs(cmd *exec.Cmd) {}
