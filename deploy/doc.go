// Package deploy holds no code for the binary: its tests check Ferry's deployment files
// (deploy/Dockerfile, deploy/compose.yaml and the Kustomize tree under deploy/kubernetes)
// against the invariants the operator guide (docs/operator) promises, so that a change to
// a manifest that breaks one fails `go test ./deploy/...`.
package deploy
