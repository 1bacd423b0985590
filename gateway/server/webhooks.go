package server

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ferryhealth/ferry/connectors"
	"github.com/ferryhealth/ferry/gateway/pipeline"
	"github.com/gofiber/fiber/v2"
)

// httpError is one client-facing error: a status and a fixed message (never input text).
type httpError struct {
	status int
	msg    string
	metric string
}

// errorTable maps pipeline and connector errors to answers, in order.
var errorTable = []struct {
	err error
	httpError
}{
	{pipeline.ErrUnknownPlatform, httpError{http.StatusNotFound, "unknown platform", "unknown_platform"}},
	{connectors.ErrBadSignature, httpError{http.StatusUnauthorized, "invalid request signature", "bad_signature"}},
	{connectors.ErrNotConfigured, httpError{http.StatusForbidden, "platform not configured", "not_configured"}},
	{connectors.ErrForbidden, httpError{http.StatusForbidden, "verification refused", "handshake_refused"}},
	{connectors.ErrNoHandshake, httpError{http.StatusMethodNotAllowed, "no handshake on this platform", "no_handshake"}},
	{connectors.ErrMalformed, httpError{http.StatusBadRequest, "malformed payload", "malformed"}},
	{pipeline.ErrUnavailable, httpError{http.StatusServiceUnavailable, "temporarily unavailable, retry later", "unavailable"}},
}

func lookupError(err error) httpError {
	for _, e := range errorTable {
		if errors.Is(err, e.err) {
			return e.httpError
		}
	}
	return httpError{http.StatusInternalServerError, "internal error", "internal"}
}

// request copies what a connector needs out of fiber's pooled context.
func (s *Server) request(c *fiber.Ctx) *connectors.Request {
	h := http.Header{}
	c.Request().Header.VisitAll(func(k, v []byte) { h.Add(string(k), string(v)) })
	q, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	// The URL the platform called, as configured (Twilio signs it, query included).
	u := s.publicURL + string(c.Request().URI().PathOriginal())
	if qs := c.Request().URI().QueryString(); len(qs) > 0 {
		u += "?" + string(qs)
	}
	return &connectors.Request{Method: c.Method(), URL: u, Header: h, Query: q,
		Body: append([]byte(nil), c.Body()...)}
}

// platformParam returns the :platform route parameter as a string of its own. fiber's
// c.Params points into fasthttp's pooled request buffer, which the next request on the
// connection overwrites; the platform name outlives the request as a Prometheus label
// value (and is passed down the pipeline), so it must be copied.
func platformParam(c *fiber.Ctx) string { return strings.Clone(c.Params("platform")) }

func (s *Server) platformKnown(c *fiber.Ctx) error {
	if _, ok := s.pipe.Connector(c.Params("platform")); !ok {
		s.m.Webhooks.WithLabelValues("unknown", "unknown_platform").Inc()
		return c.Status(http.StatusNotFound).SendString("unknown platform")
	}
	return c.Next()
}

func (s *Server) handshake(c *fiber.Ctx) error {
	platform := platformParam(c)
	resp, err := s.pipe.Handshake(c.UserContext(), platform, s.request(c))
	if err != nil {
		return s.fail(c, platform, err)
	}
	return s.respond(c, resp)
}

func (s *Server) receive(c *fiber.Ctx) error {
	start := time.Now()
	platform := platformParam(c)
	resp, err := s.pipe.Receive(c.UserContext(), platform, s.request(c))
	if err != nil {
		return s.fail(c, platform, err)
	}
	s.m.Webhooks.WithLabelValues(platform, "ok").Inc()
	s.m.AckSeconds.WithLabelValues(platform).Observe(time.Since(start).Seconds())
	if s.onAck != nil {
		s.onAck()
	}
	return s.respond(c, resp)
}

func (s *Server) fail(c *fiber.Ctx, platform string, err error) error {
	he := lookupError(err)
	s.m.Webhooks.WithLabelValues(platform, he.metric).Inc()
	lvl := slog.LevelWarn
	if he.status >= 500 {
		lvl = slog.LevelError
	}
	s.log.Log(c.UserContext(), lvl, "webhook refused", slog.String("platform", platform),
		slog.Int("status", he.status), slog.String("reason", he.metric))
	return c.Status(he.status).SendString(he.msg)
}

func (s *Server) respond(c *fiber.Ctx, r *connectors.Response) error {
	if r == nil {
		return c.Status(http.StatusOK).SendString("ok")
	}
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	if r.ContentType != "" {
		c.Set(fiber.HeaderContentType, r.ContentType)
	}
	return c.Status(status).Send(r.Body)
}
