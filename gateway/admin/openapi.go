package admin

import (
	"encoding/json"
	"sync"

	"github.com/gofiber/fiber/v2"
)

type obj = map[string]any

func param(name, in, desc string, schema obj, required bool) obj {
	return obj{"name": name, "in": in, "description": desc, "required": required, "schema": schema}
}

var (
	str   = obj{"type": "string"}
	integ = obj{"type": "integer", "format": "int64"}
	ts    = obj{"type": "string", "format": "date-time"}
)

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func jsonResp(desc string, schema obj) obj {
	return obj{"description": desc, "content": obj{"application/json": obj{"schema": schema}}}
}

var filterParams = []obj{
	param("since", "query", "events at or after this time (RFC 3339 or YYYY-MM-DD, UTC)", str, false),
	param("until", "query", "events before this time (RFC 3339; a date includes the whole day)", str, false),
	param("platform", "query", "platform, or a comma-separated list (messenger, instagram, whatsapp, x, telegram, sms)", str, false),
	param("kind", "query", "event kind or comma-separated kinds; a kind ending in '.' or '.*' is a prefix (link.)", str, false),
	param("pseudonym", "query", "sender pseudonym", str, false),
	param("link_id", "query", "deep link id (jti)", str, false),
	param("category", "query", "finding category: the events of messages whose message.stripped event lists it", str, false),
	param("actor", "query", "actor, e.g. system or auditor:alice", str, false),
	param("message_id", "query", "message id", integ, false),
	param("q", "query", "search: a seq or message id, or the start of a kind, platform, pseudonym or link id, or part of an actor", str, false),
}

func withParams(extra ...obj) []obj { return append(append([]obj{}, filterParams...), extra...) }

var errorResponses = obj{
	"400": jsonResp("bad request", ref("Error")),
	"401": jsonResp("no valid auditor token", ref("Error")),
}

func op(summary string, params []obj, ok obj, extra ...obj) obj {
	resp := obj{"200": ok}
	for k, v := range errorResponses {
		resp[k] = v
	}
	o := obj{"summary": summary, "responses": resp, "security": []obj{{"auditorToken": []string{}}}}
	if len(params) > 0 {
		o["parameters"] = params
	}
	for _, e := range extra {
		for k, v := range e {
			o[k] = v
		}
	}
	return o
}

// OpenAPI returns the OpenAPI 3 document of the admin API.
func OpenAPI() map[string]any {
	cursor := param("cursor", "query", "opaque cursor from next_cursor", str, false)
	limit := param("limit", "query", "page size, 1-500 (default 50)", obj{"type": "integer", "minimum": 1, "maximum": 500}, false)
	order := param("order", "query", "seq order (default desc)", obj{"type": "string", "enum": []string{"asc", "desc"}}, false)
	format := param("format", "query", "export format", obj{"type": "string", "enum": []string{"csv", "ndjson", "fhir"}, "default": "ndjson"}, false)
	adminOnly := obj{"description": "needs the admin role"}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "Ferry admin API",
			"version":     "1.0.0",
			"description": "Auditor access to Ferry's tamper-evident audit log. Every call is itself recorded as an auditor.query audit event. Authenticate with an auditor token (`ferry auditor token --name NAME`) as a Bearer token.",
		},
		"servers": []obj{{"url": "/"}},
		"paths": obj{
			"/openapi.json": obj{"get": obj{"summary": "This document", "security": []obj{},
				"responses": obj{"200": jsonResp("OpenAPI 3 document", obj{"type": "object"})}}},
			"/api/v1/me": obj{"get": op("The token's holder", nil, jsonResp("principal", ref("Principal")))},
			"/api/v1/events": obj{"get": op("List audit events (filters, cursor pagination, stable seq order)",
				withParams(cursor, limit, order), jsonResp("a page of events", ref("Page")))},
			"/api/v1/events/{seq}": obj{"get": op("One audit event",
				[]obj{param("seq", "path", "event sequence number", integ, true)}, jsonResp("event", ref("Event")),
				obj{"responses": obj{"200": jsonResp("event", ref("Event")), "404": jsonResp("no such event", ref("Error")), "401": errorResponses["401"], "400": errorResponses["400"]}})},
			"/api/v1/conversations/{pseudonym}": obj{"get": op("A conversation: redacted messages, link lifecycles and events of one pseudonym",
				[]obj{param("pseudonym", "path", "sender pseudonym", str, true)}, jsonResp("conversation", ref("Conversation")))},
			"/api/v1/verify": obj{"get": op("Chain verification status (cached up to 30 s)",
				[]obj{param("fresh", "query", "verify now instead of using a recent result", obj{"type": "boolean"}, false)},
				jsonResp("verification report", ref("Report")))},
			"/api/v1/checkpoints": obj{"get": op("Signed checkpoints, newest first", []obj{cursor, limit},
				jsonResp("checkpoints", obj{"type": "object", "properties": obj{
					"checkpoints": obj{"type": "array", "items": ref("Checkpoint")}, "next_cursor": str}}))},
			"/api/v1/export": obj{"get": op("Export the filtered events, streamed", withParams(format),
				obj{"description": "the export (attachment)", "content": obj{
					"text/csv":              obj{"schema": obj{"type": "string"}},
					"application/x-ndjson":  obj{"schema": obj{"type": "string"}},
					"application/fhir+json": obj{"schema": obj{"type": "object", "description": "FHIR R4 Bundle (collection) of AuditEvent"}},
				}})},
			"/api/v1/stats": obj{"get": op("Volume per day by platform and by finding category, link redemption",
				[]obj{filterParams[0], filterParams[1]}, jsonResp("stats", ref("Stats")))},
			"/api/v1/tokens": obj{
				"get": op("List auditor tokens (admin)", nil, jsonResp("tokens", obj{"type": "object", "properties": obj{
					"tokens": obj{"type": "array", "items": ref("Token")}}}), adminOnly),
				"post": op("Issue an auditor token (admin)", nil, jsonResp("unused", obj{"type": "object"}), adminOnly, obj{
					"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": obj{
						"type": "object", "required": []string{"name"}, "properties": obj{
							"name": str, "role": obj{"type": "string", "enum": []string{"auditor", "admin"}}, "ttl": obj{"type": "string", "example": "8h"}}}}}},
					"responses": obj{"201": jsonResp("the token (shown once) and its record", obj{"type": "object", "properties": obj{"token": str, "record": ref("Token")}}),
						"400": errorResponses["400"], "401": errorResponses["401"], "403": jsonResp("not an admin", ref("Error"))},
				}),
			},
			"/api/v1/tokens/{id}": obj{"delete": op("Revoke an auditor token (admin)",
				[]obj{param("id", "path", "token id", str, true)}, obj{"description": "unused"}, adminOnly, obj{
					"responses": obj{"204": obj{"description": "revoked"}, "404": jsonResp("no such token", ref("Error")),
						"401": errorResponses["401"], "403": jsonResp("not an admin", ref("Error"))}})},
		},
		"components": obj{
			"securitySchemes": obj{"auditorToken": obj{"type": "http", "scheme": "bearer", "bearerFormat": "JWT (EdDSA, aud ferry-admin)"}},
			"schemas": obj{
				"Error":     obj{"type": "object", "properties": obj{"error": str, "code": str}},
				"Principal": obj{"type": "object", "properties": obj{"token_id": str, "name": str, "role": str, "expires_at": ts}},
				"Event": obj{"type": "object", "properties": obj{
					"seq": integ, "at": ts, "kind": str, "platform": str, "pseudonym": str, "message_id": integ, "job_id": integ,
					"link_id": str, "actor": str, "outcome": str, "detail": obj{"type": "object"}, "prev_hash": str, "hash": str}},
				"Page": obj{"type": "object", "properties": obj{"events": obj{"type": "array", "items": ref("Event")},
					"next_cursor": str, "order": str, "limit": obj{"type": "integer"}}},
				"Message": obj{"type": "object", "properties": obj{"id": integ, "platform": str, "redacted_text": str,
					"categories": obj{"type": "array", "items": str}, "clinical": obj{"type": "boolean"}, "received_at": ts, "purged": obj{"type": "boolean"}}},
				"Link": obj{"type": "object", "properties": obj{"id": str, "platform": str, "message_id": integ, "issued_at": ts,
					"sent_at": ts, "opened_at": ts, "redeemed_at": ts, "rejections": obj{"type": "integer"}, "status": str}},
				"Conversation": obj{"type": "object", "properties": obj{"pseudonym": str,
					"messages": obj{"type": "array", "items": ref("Message")}, "links": obj{"type": "array", "items": ref("Link")},
					"events": obj{"type": "array", "items": ref("Event")}, "truncated": obj{"type": "boolean"}}},
				"Checkpoint": obj{"type": "object", "properties": obj{"id": integ, "seq": integ, "hash": str, "at": ts,
					"key": str, "key_version": obj{"type": "integer"}, "signature": str}},
				"Break": obj{"type": "object", "properties": obj{"seq": integ, "kind": str, "detail": str}},
				"Report": obj{"type": "object", "properties": obj{"ok": obj{"type": "boolean"}, "events": integ, "first_seq": integ,
					"last_seq": integ, "last_hash": str, "head_seq": integ, "head_hash": str, "checkpoints": integ,
					"signatures_checked": obj{"type": "boolean"}, "signatures_verified": integ, "last_checkpoint": ref("Checkpoint"),
					"unsigned": integ, "first_break": ref("Break"), "breaks": obj{"type": "array", "items": ref("Break")},
					"break_count": integ, "duration_ns": integ, "started_at": ts}},
				"DayCount": obj{"type": "object", "properties": obj{"day": str, "key": str, "count": integ}},
				"Stats": obj{"type": "object", "properties": obj{"since": ts, "until": ts, "days": obj{"type": "array", "items": str},
					"by_platform": obj{"type": "array", "items": ref("DayCount")}, "by_category": obj{"type": "array", "items": ref("DayCount")},
					"links": obj{"type": "object", "properties": obj{"issued": integ, "opened": integ, "redeemed": integ,
						"redemption_rate": obj{"type": "number"}, "by_day": obj{"type": "array", "items": obj{"type": "object",
							"properties": obj{"day": str, "issued": integ, "opened": integ, "redeemed": integ}}}}}}},
				"Token": obj{"type": "object", "properties": obj{"id": str, "name": str, "role": str, "key_version": obj{"type": "integer"},
					"issued_at": ts, "expires_at": ts, "revoked_at": ts, "revoked_by": str}},
			},
		},
	}
}

var (
	openapiOnce sync.Once
	openapiJSON []byte
)

func (s *server) openapi(c *fiber.Ctx) error {
	openapiOnce.Do(func() { openapiJSON, _ = json.MarshalIndent(OpenAPI(), "", "  ") })
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(openapiJSON)
}
