// Package reply composes the auto-reply a patient receives: a short, localised text that
// says health details do not belong on social media, what happened to their message, how to
// continue securely with the link, and what to do in an emergency, fitted to the platform's
// length rules without ever cutting the link.
//
// Link placement: the urgent sentence (if any) comes first, so a patient in danger reads it
// before anything else; the link follows the opening, alone at the end of its line with a
// space or line break before it and a line break (or the end) after it. Chat apps
// (Messenger, Instagram, WhatsApp, Telegram, X) turn the first URL of a message into a
// preview card by fetching it: the landing page they fetch redeems nothing and shows a
// neutral title, and nothing sticks to the URL, so autolinkers never swallow punctuation
// into it. SMS clients autolink the same way.
package reply

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"text/template"

	"github.com/ferryhealth/ferry/connectors"
)

// Urgency values set by the stripper when a message looks urgent.
const (
	UrgencyNone      = ""
	UrgencyEmergency = "emergency" // chest pain, can't breathe, overdose...
	UrgencySelfHarm  = "self_harm" // suicidal thoughts, self-harm
)

// Templates are text/template strings for one language. Each may use {{.Hospital}},
// {{.Portal}}, {{.UrgentPhone}}, {{.Hours}}, {{.Emergency}} (the emergency number) and
// {{.Crisis}} (the crisis line); Link and LinkShort must use {{.Link}} once, at the end of
// a line. The Short variants are used when the full text does not fit. Empty fields take
// the embedded defaults for English and Spanish.
type Templates struct {
	Clinical       string `yaml:"clinical" json:"clinical"`             // opening when the message looked clinical
	ClinicalShort  string `yaml:"clinical_short" json:"clinical_short"` //
	General        string `yaml:"general" json:"general"`               // opening otherwise
	GeneralShort   string `yaml:"general_short" json:"general_short"`
	Link           string `yaml:"link" json:"link"`
	LinkShort      string `yaml:"link_short" json:"link_short"`
	Emergency      string `yaml:"emergency" json:"emergency"` // urgency "emergency"
	EmergencyShort string `yaml:"emergency_short" json:"emergency_short"`
	SelfHarm       string `yaml:"self_harm" json:"self_harm"` // urgency "self_harm"
	SelfHarmShort  string `yaml:"self_harm_short" json:"self_harm_short"`
	Safety         string `yaml:"safety" json:"safety"` // the emergency sentence of a non-urgent reply
	SafetyShort    string `yaml:"safety_short" json:"safety_short"`
	Contact        string `yaml:"contact" json:"contact"` // urgent phone and hours; optional
}

// Settings are one hospital's reply settings.
type Settings struct {
	HospitalName    string `yaml:"hospital_name" json:"hospital_name"`
	PortalName      string `yaml:"portal_name" json:"portal_name"` // default "our patient portal" (localised)
	UrgentPhone     string `yaml:"urgent_phone" json:"urgent_phone"`
	OfficeHours     string `yaml:"office_hours" json:"office_hours"`
	EmergencyNumber string `yaml:"emergency_number" json:"emergency_number"` // default "911"
	CrisisLine      string `yaml:"crisis_line" json:"crisis_line"`           // default "988"
	DefaultLang     string `yaml:"default_lang" json:"default_lang"`         // default "en"
	// Templates by language ("en", "es", or more); fields left empty use the defaults.
	Templates map[string]Templates `yaml:"templates" json:"templates"`
}

// Input is one reply to compose.
type Input struct {
	Limits   connectors.Limits
	Lang     string // the patient's language, from the stripper; unknown falls back
	Clinical bool
	Urgency  string // "", "emergency", "self_harm"; any other non-empty value is treated as "emergency"
	Link     string
	Settings Settings
}

// Errors of Compose.
var (
	ErrNoLink   = errors.New("reply: no link")
	ErrTooLong  = errors.New("reply: even the shortest reply does not fit the platform limit")
	ErrTemplate = errors.New("reply: bad template")
)

// data is what the templates see.
type data struct {
	Hospital, Portal, UrgentPhone, Hours, Emergency, Crisis, Link string
}

// compiled is one language's parsed templates.
type compiled struct {
	clinical, clinicalShort, general, generalShort, link, linkShort *template.Template
	emergency, emergencyShort, selfHarm, selfHarmShort              *template.Template
	safety, safetyShort, contact                                    *template.Template
	portal                                                          string
}

// Composer holds validated templates for one hospital.
type Composer struct {
	s     Settings
	langs map[string]*compiled
}

// linkSentinel stands in for the link when templates are validated.
const linkSentinel = "https://ferry.invalid/l/SENTINEL"

// New validates the settings' templates and returns a Composer.
func New(s Settings) (*Composer, error) {
	if s.EmergencyNumber == "" {
		s.EmergencyNumber = "911"
	}
	if s.CrisisLine == "" {
		s.CrisisLine = "988"
	}
	s.DefaultLang = normLang(s.DefaultLang)
	if s.DefaultLang == "" {
		s.DefaultLang = "en"
	}
	c := &Composer{s: s, langs: map[string]*compiled{}}
	langs := map[string]bool{"en": true, "es": true}
	for l := range s.Templates {
		langs[l] = true
	}
	for l := range langs {
		t := mergeDefaults(l, s.Templates[l])
		cp, err := compile(l, t)
		if err != nil {
			return nil, err
		}
		cp.portal = s.PortalName
		if cp.portal == "" {
			cp.portal = defaultPortal[l]
		}
		if cp.portal == "" {
			cp.portal = defaultPortal["en"]
		}
		c.langs[l] = cp
		if err := c.check(l); err != nil {
			return nil, err
		}
	}
	if c.langs[s.DefaultLang] == nil {
		return nil, fmt.Errorf("%w: default language %q has no templates", ErrTemplate, s.DefaultLang)
	}
	return c, nil
}

func mergeDefaults(lang string, t Templates) Templates {
	d, ok := defaults[lang]
	if !ok {
		return t
	}
	pick := func(v, def string) string {
		if strings.TrimSpace(v) == "" {
			return def
		}
		return v
	}
	return Templates{
		Clinical: pick(t.Clinical, d.Clinical), ClinicalShort: pick(t.ClinicalShort, d.ClinicalShort),
		General: pick(t.General, d.General), GeneralShort: pick(t.GeneralShort, d.GeneralShort),
		Link: pick(t.Link, d.Link), LinkShort: pick(t.LinkShort, d.LinkShort),
		Emergency: pick(t.Emergency, d.Emergency), EmergencyShort: pick(t.EmergencyShort, d.EmergencyShort),
		SelfHarm: pick(t.SelfHarm, d.SelfHarm), SelfHarmShort: pick(t.SelfHarmShort, d.SelfHarmShort),
		Safety: pick(t.Safety, d.Safety), SafetyShort: pick(t.SafetyShort, d.SafetyShort),
		Contact: pick(t.Contact, d.Contact),
	}
}

func compile(lang string, t Templates) (*compiled, error) {
	var firstErr error
	parse := func(name, src string, required bool) *template.Template {
		if firstErr != nil {
			return nil
		}
		if strings.TrimSpace(src) == "" {
			if required {
				firstErr = fmt.Errorf("%w: %s.%s is empty", ErrTemplate, lang, name)
			}
			return nil
		}
		tp, err := template.New(name).Option("missingkey=error").Parse(src)
		if err != nil {
			firstErr = fmt.Errorf("%w: %s.%s: %v", ErrTemplate, lang, name, err)
		}
		return tp
	}
	c := &compiled{
		clinical: parse("clinical", t.Clinical, true), clinicalShort: parse("clinical_short", t.ClinicalShort, true),
		general: parse("general", t.General, true), generalShort: parse("general_short", t.GeneralShort, true),
		link: parse("link", t.Link, true), linkShort: parse("link_short", t.LinkShort, true),
		emergency: parse("emergency", t.Emergency, true), emergencyShort: parse("emergency_short", t.EmergencyShort, true),
		selfHarm: parse("self_harm", t.SelfHarm, true), selfHarmShort: parse("self_harm_short", t.SelfHarmShort, true),
		safety: parse("safety", t.Safety, true), safetyShort: parse("safety_short", t.SafetyShort, true),
		contact: parse("contact", t.Contact, false),
	}
	return c, firstErr
}

// check renders every template of lang with a sentinel link: the link templates must
// carry it exactly once and end its line, the others must not carry it.
func (c *Composer) check(lang string) error {
	cp := c.langs[lang]
	d := c.data(cp, linkSentinel)
	for name, tp := range map[string]*template.Template{
		"clinical": cp.clinical, "clinical_short": cp.clinicalShort, "general": cp.general, "general_short": cp.generalShort,
		"link": cp.link, "link_short": cp.linkShort, "emergency": cp.emergency, "emergency_short": cp.emergencyShort,
		"self_harm": cp.selfHarm, "self_harm_short": cp.selfHarmShort, "safety": cp.safety, "safety_short": cp.safetyShort,
		"contact": cp.contact,
	} {
		out, err := render(tp, d)
		if err != nil {
			return fmt.Errorf("%w: %s.%s: %v", ErrTemplate, lang, name, err)
		}
		n := strings.Count(out, linkSentinel)
		if name == "link" || name == "link_short" {
			if n != 1 {
				return fmt.Errorf("%w: %s.%s must contain {{.Link}} exactly once", ErrTemplate, lang, name)
			}
			i := strings.Index(out, linkSentinel)
			if before := out[:i]; before != "" && !strings.ContainsAny(before[len(before)-1:], " \n") {
				return fmt.Errorf("%w: %s.%s: {{.Link}} must follow a space or a line break", ErrTemplate, lang, name)
			}
			if after := out[i+len(linkSentinel):]; after != "" && after[0] != '\n' {
				return fmt.Errorf("%w: %s.%s: {{.Link}} must end its line (nothing may stick to the link)", ErrTemplate, lang, name)
			}
		} else if n != 0 {
			return fmt.Errorf("%w: %s.%s must not contain the link", ErrTemplate, lang, name)
		}
	}
	return nil
}

func (c *Composer) data(cp *compiled, link string) data {
	return data{
		Hospital: c.s.HospitalName, Portal: cp.portal, UrgentPhone: c.s.UrgentPhone, Hours: c.s.OfficeHours,
		Emergency: c.s.EmergencyNumber, Crisis: c.s.CrisisLine, Link: link,
	}
}

func render(tp *template.Template, d data) (string, error) {
	if tp == nil {
		return "", nil
	}
	var b bytes.Buffer
	if err := tp.Execute(&b, d); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}

// Lang returns the language the composer will write for a requested one.
func (c *Composer) Lang(lang string) string {
	if l := normLang(lang); l != "" && c.langs[l] != nil {
		return l
	}
	return c.s.DefaultLang
}

// parts is one candidate reply, built from the variants chosen so far.
type parts struct {
	urgent, opening, link, contact, safety string
	sep                                    string
}

func (p parts) text() string {
	var blocks []string
	for _, b := range []string{p.urgent, p.opening, p.link, p.contact, p.safety} {
		if b != "" {
			blocks = append(blocks, b)
		}
	}
	return strings.Join(blocks, p.sep)
}

// Compose writes the reply for in. It tries the full text first, then shortens and drops
// optional sentences until the text fits in.Limits; the link is never shortened and the
// urgent (or emergency) sentence never dropped. It fails with ErrTooLong when even the
// minimum does not fit.
func (c *Composer) Compose(in Input) (string, error) {
	link := strings.TrimSpace(in.Link)
	if link == "" || strings.ContainsAny(link, " \t\r\n") {
		return "", ErrNoLink
	}
	lang := c.Lang(in.Lang)
	cp := c.langs[lang]
	d := c.data(cp, link)
	var firstErr error
	r := func(tp *template.Template) string {
		s, err := render(tp, d)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%w: %v", ErrTemplate, err)
		}
		return s
	}
	urgency := in.Urgency
	var urgent, urgentShort string
	switch urgency {
	case UrgencyNone:
	case UrgencySelfHarm:
		urgent, urgentShort = r(cp.selfHarm), r(cp.selfHarmShort)
	default:
		urgent, urgentShort = r(cp.emergency), r(cp.emergencyShort)
	}
	opening, openingShort := r(cp.general), r(cp.generalShort)
	if in.Clinical || urgency != UrgencyNone {
		opening, openingShort = r(cp.clinical), r(cp.clinicalShort)
	}
	var safety, safetyShort string
	if urgency == UrgencyNone { // an urgent reply already says what to do
		safety, safetyShort = r(cp.safety), r(cp.safetyShort)
	}
	var contact string
	if c.s.UrgentPhone != "" {
		contact = r(cp.contact)
	}
	linkLong, linkShort := r(cp.link), r(cp.linkShort)
	if firstErr != nil {
		return "", firstErr
	}

	p := parts{urgent: urgent, opening: opening, link: linkLong, contact: contact, safety: safety, sep: "\n\n"}
	sms := in.Limits.Unit == "sms"
	gsm := false
	steps := []func(){
		func() { p.contact = "" },
		func() { p.sep = "\n" },
		func() { gsm = sms }, // SMS: spell accents the GSM-7 way (3x more text per segment)
		func() { p.opening = openingShort },
		func() { p.safety = safetyShort },
		func() { p.link = linkShort },
		func() { p.urgent = urgentShort },
		func() { p.opening = "" },
	}
	for i := 0; ; i++ {
		text := p.text()
		if gsm {
			text = ToGSM(text)
		}
		if Fits(text, in.Limits) && strings.Contains(text, link) {
			return text, nil
		}
		if i == len(steps) {
			return "", ErrTooLong
		}
		steps[i]()
	}
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*Composer{}
)

// Compose composes one reply with in.Settings (validated composers are cached by settings).
func Compose(in Input) (string, error) {
	c, err := composerFor(in.Settings)
	if err != nil {
		return "", err
	}
	return c.Compose(in)
}

func composerFor(s Settings) (*Composer, error) {
	key := fmt.Sprintf("%#v", s)
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if c := cache[key]; c != nil {
		return c, nil
	}
	c, err := New(s)
	if err != nil {
		return nil, err
	}
	if len(cache) > 64 {
		clear(cache)
	}
	cache[key] = c
	return c, nil
}

// ButtonLabel is the label of the link button on platforms that show one (Telegram).
func ButtonLabel(lang string) string {
	if normLang(lang) == "es" {
		return "Continuar de forma segura"
	}
	return "Continue securely"
}

// normLang reduces "es-MX" to "es"; it returns "" for an empty tag.
func normLang(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}
