package server

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/gateway/pipeline"
)

func TestErrorTableMapsWrappedErrors(t *testing.T) {
	tests := []struct {
		err    error
		status int
	}{
		{pipeline.ErrUnknownPlatform, http.StatusNotFound},
		{fmt.Errorf("messenger: %w", connectors.ErrBadSignature), http.StatusUnauthorized},
		{fmt.Errorf("x: %w", connectors.ErrNotConfigured), http.StatusForbidden},
		{connectors.ErrForbidden, http.StatusForbidden},
		{connectors.ErrNoHandshake, http.StatusMethodNotAllowed},
		{fmt.Errorf("whatsapp: %w: entry 3", connectors.ErrMalformed), http.StatusBadRequest},
		{fmt.Errorf("%w: store", pipeline.ErrUnavailable), http.StatusServiceUnavailable},
		{errors.New("something else"), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		he := lookupError(tt.err)
		if he.status != tt.status {
			t.Errorf("%v -> %d, want %d", tt.err, he.status, tt.status)
		}
		if he.msg == "" || he.metric == "" {
			t.Errorf("%v: empty message or metric label", tt.err)
		}
	}
	// Answers are fixed strings: no error text (which could carry input) reaches the client.
	if he := lookupError(fmt.Errorf("%w: chest pain", connectors.ErrMalformed)); he.msg != "malformed payload" {
		t.Fatalf("answer carries error text: %q", he.msg)
	}
}
