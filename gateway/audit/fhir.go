package audit

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// FHIR code systems used by the export.
const (
	SystemDICOM       = "http://dicom.nema.org/resources/ontology/DCM"
	SystemFerryKind   = "urn:ferry:audit-event-kind"
	SystemEntityType  = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
	SystemObjectRole  = "http://terminology.hl7.org/CodeSystem/object-role"
	SystemSourceType  = "http://terminology.hl7.org/CodeSystem/security-source-type"
	SystemSecRoleType = "http://terminology.hl7.org/CodeSystem/extra-security-role-type"
)

// Kinds written outside the gateway's message flow.
const (
	KindAuditorQuery   = "auditor.query"
	KindAuditorLogin   = "auditor.login"
	KindAuditorLogout  = "auditor.logout"
	KindAuditorRefused = "auditor.refused"
	KindAuditExport    = "audit.export"
	KindTokenIssued    = "auditor.token_issued"
	KindTokenRevoked   = "auditor.token_revoked"
	KindRetentionPurge = "retention.purge"
)

// FHIR R4 shapes (only the elements the export fills).
type (
	fhirCoding struct {
		System  string `json:"system,omitempty"`
		Code    string `json:"code"`
		Display string `json:"display,omitempty"`
	}
	fhirConcept struct {
		Coding []fhirCoding `json:"coding"`
		Text   string       `json:"text,omitempty"`
	}
	fhirIdentifier struct {
		System string `json:"system"`
		Value  string `json:"value"`
	}
	fhirReference struct {
		Identifier *fhirIdentifier `json:"identifier,omitempty"`
		Display    string          `json:"display,omitempty"`
	}
	fhirAgent struct {
		Type      *fhirConcept   `json:"type,omitempty"`
		Who       *fhirReference `json:"who,omitempty"`
		AltID     string         `json:"altId,omitempty"`
		Requestor bool           `json:"requestor"`
	}
	fhirSource struct {
		Site     string        `json:"site,omitempty"`
		Observer fhirReference `json:"observer"`
		Type     []fhirCoding  `json:"type,omitempty"`
	}
	fhirDetail struct {
		Type        string `json:"type"`
		ValueString string `json:"valueString"`
	}
	fhirEntity struct {
		What   *fhirReference `json:"what,omitempty"`
		Type   *fhirCoding    `json:"type,omitempty"`
		Role   *fhirCoding    `json:"role,omitempty"`
		Detail []fhirDetail   `json:"detail,omitempty"`
	}
	// FHIRAuditEvent is an R4 AuditEvent resource as the export writes it.
	FHIRAuditEvent struct {
		ResourceType string       `json:"resourceType"`
		ID           string       `json:"id"`
		Type         fhirCoding   `json:"type"`
		Subtype      []fhirCoding `json:"subtype,omitempty"`
		Action       string       `json:"action,omitempty"`
		Recorded     string       `json:"recorded"`
		Outcome      string       `json:"outcome,omitempty"`
		OutcomeDesc  string       `json:"outcomeDesc,omitempty"`
		Agent        []fhirAgent  `json:"agent"`
		Source       fhirSource   `json:"source"`
		Entity       []fhirEntity `json:"entity,omitempty"`
	}
)

// fhirType maps an event kind to its DICOM audit event type and FHIR action (C R U D E).
func fhirType(kind string) (fhirCoding, string) {
	dcm := func(code, display string) fhirCoding {
		return fhirCoding{System: SystemDICOM, Code: code, Display: display}
	}
	switch kind {
	case KindMessageReceived:
		return dcm("110110", "Patient Record"), "C"
	case KindMessageStripped, KindMessageDuplicate, KindEventIgnored, KindOptOut, KindOptIn:
		return dcm("110110", "Patient Record"), "U"
	case KindRetentionPurge:
		return dcm("110110", "Patient Record"), "D"
	case KindReplyQueued, KindReplySuppressed, KindReplySent, KindReplyRetry, KindReplyFailed, KindReplyStatus:
		return dcm("110106", "Export"), "E"
	case KindLinkIssued:
		return dcm("110106", "Export"), "C"
	case KindLinkOpened:
		return dcm("110114", "User Authentication"), "R"
	case KindLinkRedeemed, KindLinkRejected:
		return dcm("110114", "User Authentication"), "E"
	case KindAuditorQuery:
		return dcm("110112", "Query"), "R"
	case KindAuditExport:
		return dcm("110106", "Export"), "R"
	case KindAuditorLogin, KindAuditorLogout, KindAuditorRefused:
		return dcm("110114", "User Authentication"), "E"
	case KindTokenIssued, KindTokenRevoked:
		return dcm("110136", "Security Roles Changed"), "E"
	}
	return dcm("110100", "Application Activity"), "E"
}

// fhirOutcome maps an event to an R4 outcome code: 0 success, 4 minor failure, 8 serious
// failure.
func fhirOutcome(e *Event) string {
	switch e.Kind {
	case KindReplyFailed:
		return "8"
	case KindLinkRejected, KindReplyRetry, KindAuditorRefused:
		return "4"
	}
	switch strings.ToLower(e.Outcome) {
	case "failed", "failure", "error", "permanent":
		return "8"
	case "rejected", "refused", "denied", "expired", "invalid", "retry", "throttled":
		return "4"
	}
	return "0"
}

// FHIRResource converts an event to an R4 AuditEvent. Entities are references by
// identifier (message id, link id, pseudonym); no message text is ever included.
func FHIRResource(e *Event) FHIRAuditEvent {
	typ, action := fhirType(e.Kind)
	r := FHIRAuditEvent{
		ResourceType: "AuditEvent",
		ID:           "ferry-audit-" + strconv.FormatInt(e.Seq, 10),
		Type:         typ,
		Subtype:      []fhirCoding{{System: SystemFerryKind, Code: e.Kind}},
		Action:       action,
		Recorded:     e.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
		Outcome:      fhirOutcome(e),
		OutcomeDesc:  e.Outcome,
		Source: fhirSource{
			Site:     "ferry",
			Observer: fhirReference{Display: "Ferry gateway"},
			Type:     []fhirCoding{{System: SystemSourceType, Code: "4", Display: "Application Server"}},
		},
	}
	switch {
	case strings.HasPrefix(e.Actor, "auditor:"):
		name := strings.TrimPrefix(e.Actor, "auditor:")
		r.Agent = []fhirAgent{{
			Type:      &fhirConcept{Coding: []fhirCoding{{System: SystemSecRoleType, Code: "humanuser", Display: "human user"}}},
			Who:       &fhirReference{Identifier: &fhirIdentifier{System: "urn:ferry:auditor", Value: name}, Display: name},
			Requestor: true,
		}}
	case e.Actor == "" || e.Actor == "system":
		r.Agent = []fhirAgent{{
			Type:      &fhirConcept{Coding: []fhirCoding{{System: SystemSecRoleType, Code: "dataprocessor", Display: "data processor"}}},
			Who:       &fhirReference{Display: "Ferry gateway"},
			Requestor: false,
		}}
	default:
		r.Agent = []fhirAgent{{
			Who:       &fhirReference{Identifier: &fhirIdentifier{System: "urn:ferry:actor", Value: e.Actor}},
			Requestor: true,
		}}
	}
	ident := func(system, v string) *fhirReference {
		return &fhirReference{Identifier: &fhirIdentifier{System: system, Value: v}}
	}
	if e.Pseudonym != "" {
		r.Entity = append(r.Entity, fhirEntity{
			What: ident("urn:ferry:pseudonym", e.Pseudonym),
			Type: &fhirCoding{System: SystemEntityType, Code: "1", Display: "Person"},
			Role: &fhirCoding{System: SystemObjectRole, Code: "1", Display: "Patient"},
		})
	}
	if e.MessageID != 0 {
		r.Entity = append(r.Entity, fhirEntity{
			What: ident("urn:ferry:message", strconv.FormatInt(e.MessageID, 10)),
			Type: &fhirCoding{System: SystemEntityType, Code: "2", Display: "System Object"},
		})
	}
	if e.LinkID != "" {
		r.Entity = append(r.Entity, fhirEntity{
			What: ident("urn:ferry:link", e.LinkID),
			Type: &fhirCoding{System: SystemEntityType, Code: "2", Display: "System Object"},
		})
	}
	// The audit record itself, with its place in the chain, so an export can be checked.
	rec := fhirEntity{
		What: ident("urn:ferry:audit-seq", strconv.FormatInt(e.Seq, 10)),
		Type: &fhirCoding{System: SystemEntityType, Code: "4", Display: "Other"},
		Detail: []fhirDetail{
			{Type: "hash", ValueString: e.Hash},
			{Type: "prev_hash", ValueString: e.PrevHash},
		},
	}
	if e.Platform != "" {
		rec.Detail = append(rec.Detail, fhirDetail{Type: "platform", ValueString: e.Platform})
	}
	if e.JobID != 0 {
		rec.Detail = append(rec.Detail, fhirDetail{Type: "job_id", ValueString: strconv.FormatInt(e.JobID, 10)})
	}
	if e.Detail != "" {
		rec.Detail = append(rec.Detail, fhirDetail{Type: "detail", ValueString: e.Detail})
	}
	r.Entity = append(r.Entity, rec)
	return r
}

// fhirEncoder writes a Bundle (type collection) one entry at a time.
type fhirEncoder struct {
	w     *bufio.Writer
	now   func() time.Time
	first bool
}

func (f *fhirEncoder) begin() error {
	f.first = true
	ts := f.now().UTC().Format("2006-01-02T15:04:05Z")
	_, err := f.w.WriteString(`{"resourceType":"Bundle","type":"collection","timestamp":"` + ts + `"`)
	return err
}

func (f *fhirEncoder) event(e *Event) error {
	b, err := json.Marshal(FHIRResource(e))
	if err != nil {
		return err
	}
	if f.first {
		f.w.WriteString(`,"entry":[`) // FHIR JSON forbids empty arrays: open it on the first entry
	} else {
		f.w.WriteByte(',')
	}
	f.first = false
	f.w.WriteString("\n{\"fullUrl\":\"" + fullURL(e.Hash) + "\",\"resource\":")
	f.w.Write(b)
	return f.w.WriteByte('}')
}

// fullURL is a urn:uuid made from the event hash: stable across exports.
func fullURL(hash string) string {
	b, err := hex.DecodeString(hash)
	if err != nil || len(b) < 16 {
		b = make([]byte, 16)
	}
	u := make([]byte, 16)
	copy(u, b[:16])
	u[6] = u[6]&0x0f | 0x80 // version 8 (custom)
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(u)
	return "urn:uuid:" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func (f *fhirEncoder) flush() error { return nil }
func (f *fhirEncoder) end() error {
	if !f.first {
		f.w.WriteString("\n]")
	}
	_, err := f.w.WriteString("}\n")
	return err
}
