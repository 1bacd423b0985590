package admin

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
)

// DayCount is a count for one day (UTC, YYYY-MM-DD) and key (platform or category).
type DayCount struct {
	Day   string `json:"day"`
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// LinkDay counts link events of one day.
type LinkDay struct {
	Day      string `json:"day"`
	Issued   int64  `json:"issued"`
	Opened   int64  `json:"opened"`
	Redeemed int64  `json:"redeemed"`
}

// LinkStats summarises the deep links of a period.
type LinkStats struct {
	Issued         int64     `json:"issued"`
	Opened         int64     `json:"opened"`
	Redeemed       int64     `json:"redeemed"`
	RedemptionRate float64   `json:"redemption_rate"` // redeemed / issued, 0 when none issued
	ByDay          []LinkDay `json:"by_day"`
}

// Stats are the figures behind the UI's charts.
type Stats struct {
	Since      time.Time  `json:"since"`
	Until      time.Time  `json:"until"`
	Days       []string   `json:"days"`
	ByPlatform []DayCount `json:"by_platform"` // messages received per day and platform
	ByCategory []DayCount `json:"by_category"` // stripped messages per day and finding category
	Links      LinkStats  `json:"links"`
}

// dayExpr is the SQL for the UTC day of column at.
func (s *server) dayExpr(col string) string {
	if s.DB.Dialector.Name() == "postgres" {
		return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	return "substr(" + col + ", 1, 10)" // stored as RFC 3339 UTC text
}

// stats computes the figures for [since, until); zero times mean the last 30 days.
func (s *server) stats(ctx context.Context, since, until time.Time) (*Stats, error) {
	if until.IsZero() {
		until = s.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	if since.IsZero() {
		since = until.Add(-30 * 24 * time.Hour)
	}
	if until.Sub(since) > 400*24*time.Hour {
		return nil, badRequest("the stats range is at most 400 days")
	}
	st := &Stats{Since: since.UTC(), Until: until.UTC(), ByPlatform: []DayCount{}, ByCategory: []DayCount{}}
	db := s.DB.WithContext(ctx)
	day := s.dayExpr("at")
	lo, hi := audit.Normalize(since), audit.Normalize(until)

	err := db.Raw(`SELECT `+day+` AS day, platform AS key, COUNT(*) AS count FROM audit_events
		WHERE kind = ? AND at >= ? AND at < ? GROUP BY 1, 2 ORDER BY 1, 2`, audit.KindMessageReceived, lo, hi).Scan(&st.ByPlatform).Error
	if err != nil {
		return nil, fmt.Errorf("admin: stats by platform: %w", err)
	}
	var catSQL string
	if db.Dialector.Name() == "postgres" {
		catSQL = `SELECT day, key, COUNT(*) AS count FROM (
			SELECT ` + day + ` AS day, jsonb_array_elements_text(CASE WHEN detail LIKE '{%' AND jsonb_typeof(detail::jsonb -> 'categories') = 'array'
				THEN detail::jsonb -> 'categories' ELSE '[]'::jsonb END) AS key
			FROM audit_events WHERE kind = ? AND at >= ? AND at < ?) x GROUP BY 1, 2 ORDER BY 1, 2`
	} else {
		catSQL = `SELECT ` + s.dayExpr("e.at") + ` AS day, j.value AS key, COUNT(*) AS count
			FROM audit_events e, json_each(CASE WHEN json_valid(e.detail) THEN e.detail ELSE '{}' END, '$.categories') j
			WHERE e.kind = ? AND e.at >= ? AND e.at < ? GROUP BY 1, 2 ORDER BY 1, 2`
	}
	if err := db.Raw(catSQL, audit.KindMessageStripped, lo, hi).Scan(&st.ByCategory).Error; err != nil {
		return nil, fmt.Errorf("admin: stats by category: %w", err)
	}
	var links []DayCount
	err = db.Raw(`SELECT `+day+` AS day, kind AS key, COUNT(DISTINCT link_id) AS count FROM audit_events
		WHERE kind IN ? AND link_id <> '' AND at >= ? AND at < ? GROUP BY 1, 2 ORDER BY 1, 2`,
		[]string{audit.KindLinkIssued, audit.KindLinkOpened, audit.KindLinkRedeemed}, lo, hi).Scan(&links).Error
	if err != nil {
		return nil, fmt.Errorf("admin: stats of links: %w", err)
	}
	byDay := map[string]*LinkDay{}
	for _, l := range links {
		d := byDay[l.Day]
		if d == nil {
			d = &LinkDay{Day: l.Day}
			byDay[l.Day] = d
		}
		switch l.Key {
		case audit.KindLinkIssued:
			d.Issued += l.Count
			st.Links.Issued += l.Count
		case audit.KindLinkOpened:
			d.Opened += l.Count
			st.Links.Opened += l.Count
		case audit.KindLinkRedeemed:
			d.Redeemed += l.Count
			st.Links.Redeemed += l.Count
		}
	}
	st.Links.ByDay = []LinkDay{}
	for _, d := range byDay {
		st.Links.ByDay = append(st.Links.ByDay, *d)
	}
	sort.Slice(st.Links.ByDay, func(i, j int) bool { return st.Links.ByDay[i].Day < st.Links.ByDay[j].Day })
	if st.Links.Issued > 0 {
		st.Links.RedemptionRate = float64(st.Links.Redeemed) / float64(st.Links.Issued)
	}
	for d := since.UTC().Truncate(24 * time.Hour); d.Before(until); d = d.Add(24 * time.Hour) {
		st.Days = append(st.Days, d.Format("2006-01-02"))
	}
	return st, nil
}
