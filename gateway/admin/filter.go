package admin

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"
)

// Filter selects audit events. Empty fields match everything. Platform and Kind take
// comma-separated lists; a kind ending in "." or ".*" is a prefix ("link." = every link
// event). Category selects the events of messages whose message.stripped event lists it.
type Filter struct {
	Since     time.Time `json:"since,omitempty"`
	Until     time.Time `json:"until,omitempty"`
	Platform  string    `json:"platform,omitempty"`
	Kind      string    `json:"kind,omitempty"`
	Pseudonym string    `json:"pseudonym,omitempty"`
	LinkID    string    `json:"link_id,omitempty"`
	Category  string    `json:"category,omitempty"`
	Actor     string    `json:"actor,omitempty"`
	MessageID int64     `json:"message_id,omitempty"`
	// Search matches a seq, a kind, platform or link id prefix, a pseudonym prefix or part
	// of an actor (the UI's search box).
	Search string `json:"q,omitempty"`
}

// Map returns the set fields, for the auditor.query event.
func (f Filter) Map() map[string]any {
	m := map[string]any{}
	if !f.Since.IsZero() {
		m["since"] = f.Since.UTC().Format(time.RFC3339)
	}
	if !f.Until.IsZero() {
		m["until"] = f.Until.UTC().Format(time.RFC3339)
	}
	for k, v := range map[string]string{"platform": f.Platform, "kind": f.Kind, "pseudonym": f.Pseudonym,
		"link_id": f.LinkID, "category": f.Category, "actor": f.Actor} {
		if v != "" {
			m[k] = v
		}
	}
	if f.MessageID != 0 {
		m["message_id"] = f.MessageID
	}
	if f.Search != "" {
		m["q"] = f.Search
	}
	return m
}

// Query returns the filter as URL query parameters (for links in the UI).
func (f Filter) Query() string {
	var b strings.Builder
	add := func(k, v string) {
		if v == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + queryEscape(v))
	}
	if !f.Since.IsZero() {
		add("since", f.Since.UTC().Format(time.RFC3339))
	}
	if !f.Until.IsZero() {
		add("until", f.Until.UTC().Format(time.RFC3339))
	}
	add("platform", f.Platform)
	add("kind", f.Kind)
	add("pseudonym", f.Pseudonym)
	add("link_id", f.LinkID)
	add("category", f.Category)
	add("actor", f.Actor)
	if f.MessageID != 0 {
		add("message_id", strconv.FormatInt(f.MessageID, 10))
	}
	add("q", f.Search)
	return b.String()
}

var errBadFilter = errors.New("bad filter")

// parseTime accepts RFC 3339, a date (YYYY-MM-DD, UTC midnight) or the HTML
// datetime-local form (YYYY-MM-DDTHH:MM, UTC).
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: time %q: want RFC 3339 or YYYY-MM-DD", errBadFilter, s)
}

// parseFilter reads the filter from query parameters.
func parseFilter(c *fiber.Ctx) (Filter, error) {
	var f Filter
	var err error
	if s := strings.TrimSpace(c.Query("since")); s != "" {
		if f.Since, err = parseTime(s); err != nil {
			return f, err
		}
	}
	if s := strings.TrimSpace(c.Query("until")); s != "" {
		if f.Until, err = parseTime(s); err != nil {
			return f, err
		}
		if len(s) == 10 { // a date: include the whole day
			f.Until = f.Until.Add(24 * time.Hour)
		}
	}
	f.Platform = strings.TrimSpace(c.Query("platform"))
	f.Kind = strings.TrimSpace(c.Query("kind"))
	f.Pseudonym = strings.TrimSpace(c.Query("pseudonym"))
	f.LinkID = strings.TrimSpace(c.Query("link_id"))
	f.Category = strings.TrimSpace(c.Query("category"))
	f.Actor = strings.TrimSpace(c.Query("actor"))
	f.Search = strings.TrimSpace(c.Query("q"))
	if s := strings.TrimSpace(c.Query("message_id")); s != "" {
		if f.MessageID, err = strconv.ParseInt(s, 10, 64); err != nil || f.MessageID <= 0 {
			return f, fmt.Errorf("%w: message_id must be a positive integer", errBadFilter)
		}
	}
	for _, v := range []string{f.Platform, f.Kind, f.Pseudonym, f.LinkID, f.Category, f.Actor, f.Search} {
		if len(v) > 256 {
			return f, fmt.Errorf("%w: value too long", errBadFilter)
		}
	}
	return f, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Scope applies the filter (events not yet ordered or limited). The time range is
// applied here too, so it can serve as the export scope.
func (f Filter) Scope(db *gorm.DB) *gorm.DB {
	q := db
	if !f.Since.IsZero() {
		q = q.Where("at >= ?", audit.Normalize(f.Since))
	}
	if !f.Until.IsZero() {
		q = q.Where("at < ?", audit.Normalize(f.Until))
	}
	if l := splitList(f.Platform); len(l) > 0 {
		q = q.Where("platform IN ?", l)
	}
	if l := splitList(f.Kind); len(l) > 0 {
		var exact []string
		conds := db.Session(&gorm.Session{NewDB: true})
		var or *gorm.DB
		for _, k := range l {
			if p, ok := strings.CutSuffix(k, "*"); ok || strings.HasSuffix(k, ".") {
				if !ok {
					p = k
				}
				c := conds.Where(`kind LIKE ? ESCAPE '\'`, likeEscape(p)+"%")
				if or == nil {
					or = c
				} else {
					or = or.Or(c)
				}
			} else {
				exact = append(exact, k)
			}
		}
		if len(exact) > 0 {
			c := conds.Where("kind IN ?", exact)
			if or == nil {
				or = c
			} else {
				or = or.Or(c)
			}
		}
		q = q.Where(or)
	}
	if f.Pseudonym != "" {
		q = q.Where("pseudonym = ?", f.Pseudonym)
	}
	if f.LinkID != "" {
		q = q.Where("link_id = ?", f.LinkID)
	}
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.MessageID != 0 {
		q = q.Where("message_id = ?", f.MessageID)
	}
	if f.Category != "" {
		q = q.Where("message_id <> 0 AND message_id IN (?)", categoryMessages(db, f.Category))
	}
	if f.Search != "" {
		p := likeEscape(f.Search) + "%"
		c := db.Session(&gorm.Session{NewDB: true}).
			Where(`kind LIKE ? ESCAPE '\'`, p).Or(`platform LIKE ? ESCAPE '\'`, p).
			Or(`pseudonym LIKE ? ESCAPE '\'`, p).Or(`link_id LIKE ? ESCAPE '\'`, p).
			Or(`actor LIKE ? ESCAPE '\'`, "%"+p)
		if n, err := strconv.ParseInt(f.Search, 10, 64); err == nil {
			c = c.Or("seq = ?", n).Or("message_id = ?", n)
		}
		q = q.Where(c)
	}
	return q
}

// categoryMessages is a subquery of the message ids whose message.stripped event lists
// category in detail.categories.
func categoryMessages(db *gorm.DB, category string) *gorm.DB {
	s := db.Session(&gorm.Session{NewDB: true}).Table("audit_events AS s").Select("s.message_id").
		Where("s.kind = ? AND s.message_id <> 0", audit.KindMessageStripped)
	if db.Dialector.Name() == "postgres" {
		return s.Where(`(CASE WHEN s.detail LIKE '{%' AND jsonb_typeof(s.detail::jsonb -> 'categories') = 'array'
			THEN (s.detail::jsonb -> 'categories') @> to_jsonb(?::text) ELSE false END)`, category)
	}
	return s.Where(`EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(s.detail) THEN s.detail ELSE '{}' END, '$.categories') j WHERE j.value = ?)`, category)
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// cursor is an opaque page position: the order and the last seq seen.
func encodeCursor(desc bool, seq int64) string {
	o := "a"
	if desc {
		o = "d"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(o + strconv.FormatInt(seq, 10)))
}

func decodeCursor(s string) (desc bool, seq int64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2 || (b[0] != 'a' && b[0] != 'd') {
		return false, 0, fmt.Errorf("%w: bad cursor", errBadFilter)
	}
	seq, err = strconv.ParseInt(string(b[1:]), 10, 64)
	if err != nil {
		return false, 0, fmt.Errorf("%w: bad cursor", errBadFilter)
	}
	return b[0] == 'd', seq, nil
}

func queryEscape(s string) string { return url.QueryEscape(s) }
