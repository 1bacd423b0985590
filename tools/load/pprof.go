package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// profile fetches a CPU profile of ferry for the next d (when -pprof is set and ferry
// was started with FERRY_PPROF_LISTEN); the returned function waits for it.
func profile(o options, addr, name string, d time.Duration) func() {
	if o.pprofDir == "" || addr == "" {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		secs := max(1, int(d.Seconds()))
		resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs))
		if err != nil {
			logf("pprof %s: %v", name, err)
			return
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			logf("pprof %s: %s", name, resp.Status)
			return
		}
		os.MkdirAll(o.pprofDir, 0o755)
		f, err := os.Create(filepath.Join(o.pprofDir, name+".pprof"))
		if err != nil {
			logf("pprof %s: %v", name, err)
			return
		}
		defer f.Close()
		io.Copy(f, resp.Body)
		logf("pprof %s written", f.Name())
	}()
	return func() { <-done }
}

// heapProfile saves ferry's heap profile now (with -pprof).
func heapProfile(o options, addr, name string) {
	if o.pprofDir == "" || addr == "" {
		return
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/heap")
	if err != nil {
		logf("pprof heap %s: %v", name, err)
		return
	}
	defer resp.Body.Close()
	os.MkdirAll(o.pprofDir, 0o755)
	f, err := os.Create(filepath.Join(o.pprofDir, name+".heap.pprof"))
	if err != nil {
		return
	}
	defer f.Close()
	io.Copy(f, resp.Body)
}
