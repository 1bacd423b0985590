package audit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ferryhealth/ferry/gateway/audit"
	"github.com/ferryhealth/ferry/gateway/audit/audittest"
	"gorm.io/gorm"
)

func TestExportFormats(t *testing.T) {
	audittest.EachDB(t, func(t *testing.T, db *gorm.DB) {
		n := audittest.Conversations(t, db, 30, t0)
		ctx := context.Background()

		var buf bytes.Buffer
		if err := audit.Export(ctx, db, &buf, "ndjson", time.Time{}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if len(lines) != n {
			t.Fatalf("ndjson: %d lines, want %d", len(lines), n)
		}
		// An ndjson export is enough to re-check the chain offline.
		prev := audit.GenesisHash
		for i, l := range lines {
			var e audit.Event
			if err := json.Unmarshal([]byte(l), &e); err != nil {
				t.Fatal(err)
			}
			if e.Seq != int64(i+1) || e.PrevHash != prev || audit.ComputeHash(&e) != e.Hash {
				t.Fatalf("ndjson line %d does not re-verify: %s", i, l)
			}
			prev = e.Hash
		}

		buf.Reset()
		since, until := t0.Add(24*time.Hour), t0.Add(48*time.Hour)
		if err := audit.Export(ctx, db, &buf, "csv", since, until); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var want int64
		db.Model(&audit.Event{}).Where("at >= ? AND at < ?", since, until).Count(&want)
		if want == 0 || int64(len(rows)-1) != want || strings.Join(rows[0], ",") != strings.Join(audit.CSVHeader, ",") {
			t.Fatalf("csv: %d rows, want %d+header", len(rows), want)
		}
		for _, r := range rows[1:] {
			at, _ := time.Parse(time.RFC3339Nano, r[1])
			if at.Before(since) || !at.Before(until) {
				t.Fatalf("csv row outside range: %v", r)
			}
		}

		buf.Reset()
		if err := audit.Export(ctx, db, &buf, "fhir", time.Time{}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		checkFHIRBundle(t, buf.Bytes(), n)
		if strings.Contains(buf.String(), "need help") {
			t.Fatal("message text in the FHIR export")
		}

		if err := audit.Export(ctx, db, io.Discard, "xml", time.Time{}, time.Time{}); err == nil {
			t.Fatal("unknown format accepted")
		}
		// An empty range is still a valid Bundle (no empty entry array).
		buf.Reset()
		audit.Export(ctx, db, &buf, "fhir", t0.Add(-48*time.Hour), t0.Add(-24*time.Hour))
		checkFHIRBundle(t, buf.Bytes(), 0)
	})
}

func TestFHIRResourceKinds(t *testing.T) {
	kinds := []string{audit.KindMessageReceived, audit.KindMessageStripped, audit.KindMessageDuplicate, audit.KindEventIgnored,
		audit.KindReplyQueued, audit.KindReplySuppressed, audit.KindLinkIssued, audit.KindReplySent, audit.KindReplyRetry,
		audit.KindReplyFailed, audit.KindReplyStatus, audit.KindLinkOpened, audit.KindLinkRedeemed, audit.KindLinkRejected,
		audit.KindOptOut, audit.KindOptIn, audit.KindAuditorQuery, audit.KindAuditorLogin, audit.KindAuditorLogout,
		audit.KindAuditorRefused, audit.KindAuditExport, audit.KindTokenIssued, audit.KindTokenRevoked, audit.KindRetentionPurge, "something.new"}
	var buf bytes.Buffer
	buf.WriteString(`{"resourceType":"Bundle","type":"collection","entry":[`)
	for i, k := range kinds {
		e := &audit.Event{Seq: int64(i + 1), At: t0, Kind: k, Actor: []string{"system", "auditor:alice", "patient"}[i%3],
			Outcome: []string{"ok", "failed", "rejected", ""}[i%4], Platform: "sms", MessageID: int64(i), LinkID: "l1", Pseudonym: "p1",
			Detail: `{"n":1}`, PrevHash: audit.GenesisHash}
		e.Hash = audit.ComputeHash(e)
		b, _ := json.Marshal(audit.FHIRResource(e))
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"fullUrl":"urn:uuid:00000000-0000-8000-8000-%012d","resource":%s}`, i, b)
	}
	buf.WriteString(`]}`)
	checkFHIRBundle(t, buf.Bytes(), len(kinds))
}

// checkFHIRBundle checks a Bundle of AuditEvent against the R4 structure: the elements
// AuditEvent defines, required elements and cardinalities, value sets of the codes, the
// instant format and the JSON rules (no empty arrays, strings or nulls).
func checkFHIRBundle(t testing.TB, raw []byte, want int) {
	t.Helper()
	var b map[string]any
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatalf("bundle is not JSON: %v", err)
	}
	v := &fhirChecker{t: t}
	v.noEmpty("Bundle", b)
	v.only("Bundle", b, "resourceType", "id", "meta", "type", "timestamp", "total", "link", "entry", "signature", "identifier")
	v.eq("Bundle.resourceType", b["resourceType"], "Bundle")
	v.eq("Bundle.type", b["type"], "collection")
	if ts, ok := b["timestamp"]; ok {
		v.instant("Bundle.timestamp", ts)
	}
	entries, _ := b["entry"].([]any)
	if len(entries) != want {
		t.Fatalf("bundle has %d entries, want %d", len(entries), want)
	}
	seen := map[string]bool{}
	for i, en := range entries {
		p := fmt.Sprintf("Bundle.entry[%d]", i)
		e := v.obj(p, en)
		v.only(p, e, "fullUrl", "resource", "link", "search", "request", "response")
		u, _ := e["fullUrl"].(string)
		if !regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(u) || seen[u] {
			t.Errorf("%s.fullUrl %q not a unique urn:uuid", p, u)
		}
		seen[u] = true
		v.auditEvent(p+".resource", v.obj(p+".resource", e["resource"]))
	}
}

type fhirChecker struct{ t testing.TB }

var (
	instantRE = regexp.MustCompile(`^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$`)
	idRE      = regexp.MustCompile(`^[A-Za-z0-9\-\.]{1,64}$`)
	uriRE     = regexp.MustCompile(`^(https?://\S+|urn:[a-z0-9][a-z0-9-]{0,31}:\S+)$`)
)

func (v *fhirChecker) obj(p string, x any) map[string]any {
	m, ok := x.(map[string]any)
	if !ok {
		v.t.Fatalf("%s: not an object", p)
	}
	return m
}

func (v *fhirChecker) eq(p string, got any, want string) {
	if got != want {
		v.t.Errorf("%s = %v, want %q", p, got, want)
	}
}

func (v *fhirChecker) only(p string, m map[string]any, allowed ...string) {
	for k := range m {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			v.t.Errorf("%s: element %q is not defined in R4", p, k)
		}
	}
}

// noEmpty enforces the FHIR JSON rules: no null, no empty string, array or object.
func (v *fhirChecker) noEmpty(p string, x any) {
	switch x := x.(type) {
	case nil:
		v.t.Errorf("%s: null", p)
	case string:
		if strings.TrimSpace(x) == "" {
			v.t.Errorf("%s: empty string", p)
		}
	case []any:
		if len(x) == 0 {
			v.t.Errorf("%s: empty array", p)
		}
		for i, e := range x {
			v.noEmpty(fmt.Sprintf("%s[%d]", p, i), e)
		}
	case map[string]any:
		if len(x) == 0 {
			v.t.Errorf("%s: empty object", p)
		}
		for k, e := range x {
			v.noEmpty(p+"."+k, e)
		}
	}
}

func (v *fhirChecker) instant(p string, x any) {
	s, _ := x.(string)
	if !instantRE.MatchString(s) {
		v.t.Errorf("%s = %v: not an instant", p, x)
	}
}

func (v *fhirChecker) coding(p string, x any, codes ...string) {
	c := v.obj(p, x)
	v.only(p, c, "system", "version", "code", "display", "userSelected")
	code, ok := c["code"].(string)
	if !ok {
		v.t.Errorf("%s.code missing", p)
	}
	if sys, ok := c["system"].(string); !ok || !uriRE.MatchString(sys) {
		v.t.Errorf("%s.system %v: not a uri", p, c["system"])
	}
	if len(codes) > 0 {
		found := false
		for _, w := range codes {
			found = found || code == w
		}
		if !found {
			v.t.Errorf("%s.code %q not in %v", p, code, codes)
		}
	}
}

func (v *fhirChecker) array(p string, x any, min int) []any {
	if x == nil {
		if min > 0 {
			v.t.Errorf("%s: required (min %d)", p, min)
		}
		return nil
	}
	a, ok := x.([]any)
	if !ok {
		v.t.Errorf("%s: must be an array (0..*)", p)
		return nil
	}
	if len(a) < min {
		v.t.Errorf("%s: %d items, min %d", p, len(a), min)
	}
	return a
}

func (v *fhirChecker) reference(p string, x any) {
	r := v.obj(p, x)
	v.only(p, r, "reference", "type", "identifier", "display")
	if id, ok := r["identifier"]; ok {
		m := v.obj(p+".identifier", id)
		v.only(p+".identifier", m, "use", "type", "system", "value", "period", "assigner")
		if s, _ := m["system"].(string); !uriRE.MatchString(s) {
			v.t.Errorf("%s.identifier.system %q: not a uri", p, s)
		}
	}
	if len(r) == 0 {
		v.t.Errorf("%s: empty reference", p)
	}
}

func (v *fhirChecker) auditEvent(p string, r map[string]any) {
	v.only(p, r, "resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension",
		"type", "subtype", "action", "period", "recorded", "outcome", "outcomeDesc", "purposeOfEvent", "agent", "source", "entity")
	v.eq(p+".resourceType", r["resourceType"], "AuditEvent")
	if id, _ := r["id"].(string); !idRE.MatchString(id) {
		v.t.Errorf("%s.id %q invalid", p, id)
	}
	// type 1..1 Coding (audit-event-type, extensible: DICOM codes used here).
	if r["type"] == nil {
		v.t.Errorf("%s.type: required", p)
	} else {
		v.coding(p+".type", r["type"], "110100", "110106", "110110", "110112", "110114", "110136")
	}
	for i, s := range v.array(p+".subtype", r["subtype"], 0) {
		v.coding(fmt.Sprintf("%s.subtype[%d]", p, i), s)
	}
	if a, ok := r["action"]; ok {
		if s, _ := a.(string); !strings.Contains("C R U D E", s) || len(s) != 1 {
			v.t.Errorf("%s.action %v not in C|R|U|D|E", p, a)
		}
	}
	v.instant(p+".recorded", r["recorded"]) // 1..1
	if o, ok := r["outcome"]; ok {
		if s, _ := o.(string); s != "0" && s != "4" && s != "8" && s != "12" {
			v.t.Errorf("%s.outcome %v not in 0|4|8|12", p, o)
		}
	}
	if d, ok := r["outcomeDesc"]; ok {
		if _, isStr := d.(string); !isStr {
			v.t.Errorf("%s.outcomeDesc not a string", p)
		}
	}
	for i, a := range v.array(p+".agent", r["agent"], 1) { // 1..*
		ap := fmt.Sprintf("%s.agent[%d]", p, i)
		m := v.obj(ap, a)
		v.only(ap, m, "type", "role", "who", "altId", "name", "requestor", "location", "policy", "media", "network", "purposeOfUse")
		if _, ok := m["requestor"].(bool); !ok { // 1..1 boolean
			v.t.Errorf("%s.requestor: required boolean", ap)
		}
		if ty, ok := m["type"]; ok {
			c := v.obj(ap+".type", ty)
			v.only(ap+".type", c, "coding", "text")
			for j, cd := range v.array(ap+".type.coding", c["coding"], 0) {
				v.coding(fmt.Sprintf("%s.type.coding[%d]", ap, j), cd)
			}
		}
		if w, ok := m["who"]; ok {
			v.reference(ap+".who", w)
		}
	}
	if r["source"] == nil {
		v.t.Errorf("%s.source: required", p)
	} else {
		s := v.obj(p+".source", r["source"])
		v.only(p+".source", s, "site", "observer", "type")
		if s["observer"] == nil {
			v.t.Errorf("%s.source.observer: required", p)
		} else {
			v.reference(p+".source.observer", s["observer"])
		}
		for i, c := range v.array(p+".source.type", s["type"], 0) {
			v.coding(fmt.Sprintf("%s.source.type[%d]", p, i), c, "1", "2", "3", "4", "5", "6", "7", "8", "9")
		}
	}
	for i, e := range v.array(p+".entity", r["entity"], 0) {
		ep := fmt.Sprintf("%s.entity[%d]", p, i)
		m := v.obj(ep, e)
		v.only(ep, m, "what", "type", "role", "lifecycle", "securityLabel", "name", "description", "query", "detail")
		if m["name"] != nil && m["query"] != nil {
			v.t.Errorf("%s: sev-1: name and query both present", ep)
		}
		if w, ok := m["what"]; ok {
			v.reference(ep+".what", w)
		}
		if ty, ok := m["type"]; ok {
			v.coding(ep+".type", ty, "1", "2", "3", "4")
		}
		if ro, ok := m["role"]; ok {
			v.coding(ep+".role", ro)
		}
		for j, d := range v.array(ep+".detail", m["detail"], 0) {
			dp := fmt.Sprintf("%s.detail[%d]", ep, j)
			dm := v.obj(dp, d)
			v.only(dp, dm, "type", "valueString", "valueBase64Binary")
			if _, ok := dm["type"].(string); !ok {
				v.t.Errorf("%s.type: required string", dp)
			}
			_, s := dm["valueString"]
			_, b := dm["valueBase64Binary"]
			if s == b {
				v.t.Errorf("%s.value[x]: exactly one required", dp)
			}
		}
	}
}

// recT records failures instead of failing, to check that the checker itself catches
// broken resources.
type recT struct {
	testing.TB
	errs []string
}

func (r *recT) Errorf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }
func (r *recT) Fatalf(f string, a ...any) { r.errs = append(r.errs, fmt.Sprintf(f, a...)) }

func TestFHIRCheckerCatchesViolations(t *testing.T) {
	e := &audit.Event{Seq: 1, At: t0, Kind: audit.KindLinkIssued, LinkID: "l", PrevHash: audit.GenesisHash}
	e.Hash = audit.ComputeHash(e)
	good, _ := json.Marshal(audit.FHIRResource(e))
	mutations := map[string]func(m map[string]any){
		"no recorded":     func(m map[string]any) { delete(m, "recorded") },
		"bad recorded":    func(m map[string]any) { m["recorded"] = "2026-11-02 09:00" },
		"no agent":        func(m map[string]any) { delete(m, "agent") },
		"empty agent":     func(m map[string]any) { m["agent"] = []any{} },
		"no requestor":    func(m map[string]any) { delete(m["agent"].([]any)[0].(map[string]any), "requestor") },
		"bad action":      func(m map[string]any) { m["action"] = "X" },
		"bad outcome":     func(m map[string]any) { m["outcome"] = "1" },
		"no type":         func(m map[string]any) { delete(m, "type") },
		"type as array":   func(m map[string]any) { m["type"] = []any{m["type"]} },
		"no observer":     func(m map[string]any) { delete(m["source"].(map[string]any), "observer") },
		"unknown element": func(m map[string]any) { m["text_message"] = "hello" },
		"name and query": func(m map[string]any) {
			en := m["entity"].([]any)[0].(map[string]any)
			en["name"] = "a"
			en["query"] = "cQ=="
		},
		"detail two values": func(m map[string]any) {
			d := m["entity"].([]any)[1].(map[string]any)["detail"].([]any)[0].(map[string]any)
			d["valueBase64Binary"] = "YQ=="
		},
		"null value": func(m map[string]any) { m["outcomeDesc"] = nil },
	}
	for name, mutate := range mutations {
		var m map[string]any
		json.Unmarshal(good, &m)
		mutate(m)
		b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection",
			"entry": []any{map[string]any{"fullUrl": "urn:uuid:00000000-0000-8000-8000-000000000001", "resource": m}}})
		r := &recT{TB: t}
		checkFHIRBundle(r, b, 1)
		if len(r.errs) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
	r := &recT{TB: t}
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection",
		"entry": []any{map[string]any{"fullUrl": "urn:uuid:00000000-0000-8000-8000-000000000001", "resource": json.RawMessage(good)}}})
	checkFHIRBundle(r, b, 1)
	if len(r.errs) > 0 {
		t.Fatalf("valid resource flagged: %v", r.errs)
	}
}
