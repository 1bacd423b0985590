package main

import "syscall"

// sysProcAttr kills children when the load script dies, so nothing outlives it.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
