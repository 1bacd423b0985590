package reply

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ferryhealth/ferry/connectors"
)

// A link as long as a real one: public URL + /l/ + an EdDSA JWT (about 390 characters).
const longLink = "https://ferry.example-hospital.org/l/eyJhbGciOiJFZERTQSIsImtpZCI6IjEifQ.eyJpc3MiOiJodHRwczovL2ZlcnJ5LmV4YW1wbGUtaG9zcGl0YWwub3JnIiwic3ViIjoiM2Y5YTFjMGQ0ZTVmNmE3YjhjOWQwZTFmMmEzYjRjNWQ2ZTdmOGE5YjBjMWQyZTNmIiwiYXVkIjpbImZlcnJ5LXBvcnRhbCJdLCJleHAiOjE3OTUwMDAwMDAsIm5iZiI6MTc5NDc0MDgwMCwiaWF0IjoxNzk0NzQwODAwLCJqdGkiOiJBQUFBQUFBQUFBQUFBQUFBQUFBQUFBIiwibG5nIjoiZXMifQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl"

const shortLink = "https://f.example/l/abc.def.ghi"

// platform limits as the connectors declare them (and the documented platform rules).
var platforms = []struct {
	name string
	lim  connectors.Limits
}{
	{"messenger", connectors.Limits{MaxChars: 2000, Unit: "runes"}},
	{"instagram", connectors.Limits{MaxChars: 1000, Unit: "utf16"}},
	{"whatsapp", connectors.Limits{MaxChars: 4096, Unit: "utf16"}},
	{"x", connectors.Limits{MaxChars: 10000, Unit: "runes"}},
	{"telegram", connectors.Limits{MaxChars: 4096, Unit: "runes"}},
	{"sms-10", connectors.Limits{MaxChars: 1600, Unit: "sms", MaxSegments: 10}},
	{"sms-5", connectors.Limits{Unit: "sms", MaxSegments: 5}},
	{"sms-4", connectors.Limits{Unit: "sms", MaxSegments: 4}},
	{"bytes-700", connectors.Limits{MaxChars: 700, Unit: "bytes"}},
	{"tight-runes-560", connectors.Limits{MaxChars: 560, Unit: "runes"}},
}

var settingsSets = map[string]Settings{
	"default": {},
	"hospital": {
		HospitalName: "St. Example Hospital", PortalName: "MyChart", UrgentPhone: "+1 704-555-0100",
		OfficeHours: "Mon-Fri 8am-6pm",
	},
	"custom": {
		HospitalName: "Hospital San Ejemplo", PortalName: "Mi Portal", UrgentPhone: "(704) 555-0100", OfficeHours: "L-V 8-18",
		EmergencyNumber: "112", DefaultLang: "es",
		Templates: map[string]Templates{
			"en": {
				Clinical: "Hello from {{.Hospital}}! Social media is not private, so please keep health details off it. Your message has been deleted and was not kept by us or shown to staff.",
				Link:     "Please continue in {{.Portal}}, our secure portal, here:\n{{.Link}}",
				Contact:  "Our nurse line is {{.UrgentPhone}}, {{.Hours}}.",
			},
			"es": {
				Clinical: "¡Hola de {{.Hospital}}! Las redes sociales no son privadas: no comparta detalles de salud aquí. Borramos su mensaje; no lo guardamos ni lo vio el personal.",
				Link:     "Continúe en {{.Portal}}, nuestro portal seguro, aquí:\n{{.Link}}",
			},
		},
	},
}

// linkIntact checks the link appears whole, on its own, with nothing glued to either end.
func linkIntact(t *testing.T, text, link string) {
	t.Helper()
	i := strings.Index(text, link)
	if i < 0 {
		t.Fatalf("link missing or cut:\n%s", text)
	}
	if strings.Count(text, link) != 1 {
		t.Fatalf("link appears more than once")
	}
	if i > 0 && !strings.ContainsAny(text[i-1:i], " \n") {
		t.Fatalf("something sticks before the link: %q", text[max(0, i-10):i])
	}
	if end := i + len(link); end < len(text) && text[end] != '\n' {
		t.Fatalf("something sticks after the link: %q", text[end:min(len(text), end+10)])
	}
}

// TestComposeMatrix: every template set x language x platform limit x clinical x urgency fits,
// with the link intact and the right safety sentence.
func TestComposeMatrix(t *testing.T) {
	n := 0
	for sname, s := range settingsSets {
		for _, lang := range []string{"en", "es", "es-MX", "fr", ""} {
			for _, p := range platforms {
				for _, clinical := range []bool{false, true} {
					for _, urg := range []string{UrgencyNone, UrgencyEmergency, UrgencySelfHarm} {
						for _, link := range []string{longLink, shortLink} {
							name := fmt.Sprintf("%s/%s/%s/clinical=%v/%s/link%d", sname, lang, p.name, clinical, urg, len(link))
							n++
							t.Run(name, func(t *testing.T) {
								in := Input{Limits: p.lim, Lang: lang, Clinical: clinical, Urgency: urg, Link: link, Settings: s}
								text, err := Compose(in)
								if err != nil {
									t.Fatalf("compose: %v", err)
								}
								if !Fits(text, p.lim) {
									t.Fatalf("does not fit %+v (measure %d):\n%s", p.lim, Measure(text, p.lim), text)
								}
								linkIntact(t, text, link)
								emergency := "911"
								if s.EmergencyNumber != "" {
									emergency = s.EmergencyNumber
								}
								if !strings.Contains(text, emergency) {
									t.Errorf("no emergency number %s:\n%s", emergency, text)
								}
								if urg == UrgencySelfHarm && !strings.Contains(text, "988") {
									t.Errorf("self-harm reply lacks 988:\n%s", text)
								}
								if urg == UrgencyNone && strings.Contains(text, "988") {
									t.Errorf("988 in a non-urgent reply")
								}
								wantES := strings.HasPrefix(lang, "es") || (lang != "en" && s.DefaultLang == "es")
								isES := strings.Contains(text, "llame") || strings.Contains(text, "Llame")
								if wantES != isES {
									t.Errorf("language: want es=%v:\n%s", wantES, text)
								}
								if strings.Contains(text, "\n\n\n") || strings.HasPrefix(text, "\n") || strings.HasSuffix(text, " ") {
									t.Errorf("stray whitespace: %q", text)
								}
							})
						}
					}
				}
			}
		}
	}
	t.Logf("%d combinations", n)
}

func TestComposeFullTextWhenRoom(t *testing.T) {
	s := settingsSets["hospital"]
	text, err := Compose(Input{Limits: connectors.Limits{MaxChars: 2000, Unit: "runes"}, Lang: "en", Clinical: true, Link: longLink, Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Thanks for writing to St. Example Hospital.", "don't share health details on social media", "We did not keep your message.",
		"Continue securely in MyChart", "call +1 704-555-0100 (Mon-Fri 8am-6pm)", "In an emergency, call 911.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	general, _ := Compose(Input{Limits: connectors.Limits{MaxChars: 2000, Unit: "runes"}, Lang: "en", Link: longLink, Settings: s})
	if general == text || strings.Contains(general, "We did not keep your message") {
		t.Errorf("non-clinical wording should differ:\n%s", general)
	}
	urgent, _ := Compose(Input{Limits: connectors.Limits{MaxChars: 2000, Unit: "runes"}, Lang: "en", Urgency: UrgencyEmergency, Link: longLink, Settings: s})
	if !strings.HasPrefix(urgent, "If this is an emergency, call 911 now") {
		t.Errorf("urgent sentence should come first:\n%s", urgent)
	}
	sh, _ := Compose(Input{Limits: connectors.Limits{MaxChars: 2000, Unit: "runes"}, Lang: "es", Urgency: UrgencySelfHarm, Link: longLink, Settings: s})
	if !strings.HasPrefix(sh, "Si está pensando en suicidarse") || !strings.Contains(sh, "988") || !strings.Contains(sh, "911") {
		t.Errorf("self-harm es:\n%s", sh)
	}
	odd, _ := Compose(Input{Limits: connectors.Limits{MaxChars: 2000, Unit: "runes"}, Lang: "en", Urgency: "overdose?", Link: longLink, Settings: s})
	if !strings.HasPrefix(odd, "If this is an emergency") {
		t.Errorf("an unknown urgency must fail safe to the emergency wording:\n%s", odd)
	}
}

func TestComposeShortensInOrder(t *testing.T) {
	s := settingsSets["hospital"]
	full, _ := Compose(Input{Limits: connectors.Limits{MaxChars: 5000, Unit: "runes"}, Lang: "en", Clinical: true, Link: longLink, Settings: s})
	lim := connectors.Limits{MaxChars: utf8.RuneCountInString(full) - 1, Unit: "runes"}
	text, err := Compose(Input{Limits: lim, Lang: "en", Clinical: true, Link: longLink, Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "urgent questions") || !strings.Contains(text, "We did not keep your message") {
		t.Errorf("the contact sentence should go first:\n%s", text)
	}
	// The shortest possible: the short link line and the short emergency sentence.
	min, err := Compose(Input{Limits: connectors.Limits{MaxChars: len(longLink) + 40, Unit: "runes"}, Lang: "en", Clinical: true, Link: longLink, Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	if min != "Continue securely:\n"+longLink+"\nEmergency: call 911." {
		t.Errorf("minimum =\n%s", min)
	}
	if _, err := Compose(Input{Limits: connectors.Limits{MaxChars: len(longLink) + 20, Unit: "runes"}, Lang: "en", Link: longLink, Settings: s}); !errors.Is(err, ErrTooLong) {
		t.Errorf("err = %v, want ErrTooLong", err)
	}
	if _, err := Compose(Input{Limits: connectors.Limits{Unit: "sms", MaxSegments: 2}, Lang: "en", Link: longLink}); !errors.Is(err, ErrTooLong) {
		t.Errorf("sms 2 segments: err = %v, want ErrTooLong", err)
	}
	if _, err := Compose(Input{Limits: connectors.Limits{MaxChars: 2000, Unit: "runes"}, Lang: "en"}); !errors.Is(err, ErrNoLink) {
		t.Errorf("no link: %v", err)
	}
	if _, err := Compose(Input{Limits: connectors.Limits{MaxChars: 2000, Unit: "runes"}, Link: "https://x/l/a b"}); !errors.Is(err, ErrNoLink) {
		t.Errorf("link with space: %v", err)
	}
}

func TestSMSFoldsAccentsOnlyWhenNeeded(t *testing.T) {
	s := settingsSets["hospital"]
	roomy, _ := Compose(Input{Limits: connectors.Limits{Unit: "sms", MaxSegments: 10}, Lang: "es", Clinical: true, Link: shortLink, Settings: s})
	if !strings.Contains(roomy, "Continúe") {
		t.Errorf("accents dropped although the text fitted:\n%s", roomy)
	}
	tight, err := Compose(Input{Limits: connectors.Limits{Unit: "sms", MaxSegments: 4}, Lang: "es", Clinical: true, Link: longLink, Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	if _, enc := SMSSegments(tight); enc != "gsm7" || strings.Contains(tight, "ú") {
		t.Errorf("tight Spanish SMS should be GSM-7:\n%s", tight)
	}
	if !strings.Contains(tight, "ñ") && strings.Contains(roomy, "ñ") {
		t.Errorf("ñ is GSM-7 and must stay")
	}
}

func TestSMSSegments(t *testing.T) {
	for _, tc := range []struct {
		s    string
		segs int
		enc  string
	}{
		{"", 0, "gsm7"},
		{strings.Repeat("a", 160), 1, "gsm7"},
		{strings.Repeat("a", 161), 2, "gsm7"},
		{strings.Repeat("a", 306), 2, "gsm7"},
		{strings.Repeat("a", 307), 3, "gsm7"},
		{strings.Repeat("€", 80), 1, "gsm7"},                                   // 160 septets
		{strings.Repeat("€", 81), 2, "gsm7"},                                   // 162 septets
		{strings.Repeat("a", 152) + "€" + strings.Repeat("a", 152), 3, "gsm7"}, // escape pair not split
		{"ñandú", 1, "ucs2"},
		{strings.Repeat("á", 70), 1, "ucs2"},
		{strings.Repeat("á", 71), 2, "ucs2"},
		{strings.Repeat("á", 134), 2, "ucs2"},
		{strings.Repeat("á", 135), 3, "ucs2"},
		{strings.Repeat("a", 65) + "😀" + strings.Repeat("a", 67), 2, "ucs2"}, // 134 units
		{strings.Repeat("a", 66) + "😀" + strings.Repeat("a", 66), 3, "ucs2"}, // 134 units, pair not split
		{"¿Cómo está? ¡Llame al 911!", 1, "ucs2"},
	} {
		segs, enc := SMSSegments(tc.s)
		if segs != tc.segs || enc != tc.enc {
			t.Errorf("SMSSegments(%.20q... len %d) = %d %s, want %d %s", tc.s, len(tc.s), segs, enc, tc.segs, tc.enc)
		}
	}
	if ToGSM("¿Cómo está? ¡Llame ya! Año") != "¿Como esta? ¡Llame ya! Año" {
		t.Errorf("ToGSM = %q", ToGSM("¿Cómo está? ¡Llame ya! Año"))
	}
	if ToGSM("Está bien 😀") != "Está bien 😀" {
		t.Error("ToGSM must not fold when the text stays UCS-2")
	}
}

func TestMeasureUnits(t *testing.T) {
	s := "añ😀"
	for unit, want := range map[string]int{"runes": 3, "utf16": 4, "bytes": 7, "": 4, "sms": 1} {
		if got := Measure(s, connectors.Limits{Unit: unit}); got != want {
			t.Errorf("%s: %d, want %d", unit, got, want)
		}
	}
	if !Fits(strings.Repeat("a", 1700), connectors.Limits{Unit: "sms", MaxSegments: 20}) {
		t.Error("1700 GSM-7 characters are 12 segments")
	}
	if Fits(strings.Repeat("a", 1601), connectors.Limits{Unit: "sms", MaxSegments: 20, MaxChars: 1600}) {
		t.Error("sms MaxChars not enforced")
	}
}

func TestTemplateValidation(t *testing.T) {
	bad := map[string]Templates{
		"link missing":      {Link: "Continue in {{.Portal}}."},
		"link twice":        {Link: "{{.Link}}\n{{.Link}}"},
		"link glued after":  {Link: "Go here: {{.Link}}."},
		"link glued before": {Link: "Go:{{.Link}}"},
		"link elsewhere":    {Safety: "Call 911 or see {{.Link}}"},
		"syntax":            {Clinical: "Hello {{.Hospital"},
		"unknown field":     {Clinical: "Hello {{.Patient}}"},
	}
	for name, tpl := range bad {
		if _, err := New(Settings{Templates: map[string]Templates{"en": tpl}}); !errors.Is(err, ErrTemplate) {
			t.Errorf("%s: err = %v, want ErrTemplate", name, err)
		}
	}
	// A new language must be complete.
	if _, err := New(Settings{Templates: map[string]Templates{"fr": {Link: "Continuez:\n{{.Link}}"}}}); !errors.Is(err, ErrTemplate) {
		t.Errorf("incomplete fr accepted: %v", err)
	}
	fr := defaults["en"]
	fr.Link = "Continuez en toute sécurité :\n{{.Link}}"
	c, err := New(Settings{Templates: map[string]Templates{"fr": fr}})
	if err != nil {
		t.Fatal(err)
	}
	text, err := c.Compose(Input{Limits: connectors.Limits{MaxChars: 2000, Unit: "runes"}, Lang: "fr-CA", Link: shortLink})
	if err != nil || !strings.Contains(text, "Continuez") {
		t.Fatalf("fr: %v\n%s", err, text)
	}
	if c.Lang("de") != "en" || c.Lang("ES") != "es" {
		t.Error("language fallback")
	}
}

func TestButtonLabel(t *testing.T) {
	if ButtonLabel("es-MX") != "Continuar de forma segura" || ButtonLabel("en") != "Continue securely" || ButtonLabel("zz") != "Continue securely" {
		t.Error("button labels")
	}
}
