package devvault

import (
	"os/exec"
	"syscall"
)

// setProcAttrs makes the kernel kill the dev server if the test process dies
// without stopping it.
func setProcAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
