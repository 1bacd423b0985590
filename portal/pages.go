package portal

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Branding is the per-hospital look of the pages.
type Branding struct {
	Name            string // hospital name, e.g. "St. Example Hospital"
	LogoURL         string // data:image/... URI or a same-origin path ("/static/logo.png")
	PrimaryColor    string // "#rrggbb": the button; its text colour is chosen for contrast
	AccentColor     string // "#rrggbb": the header rule
	PortalName      string // e.g. "MyChart"; default "your patient portal" (localised)
	Phone           string // number for questions, shown as a tel: link
	Hours           string // office hours for that number, e.g. "Mon-Fri 8am-6pm"
	EmergencyNumber string // default "911"
}

// page is one rendered page kind.
type page int

const (
	pageLanding page = iota
	pageExpired
	pageUsed
	pageInvalid
	pageUnavailable
	pageTooMany
)

// text holds the words of every page in one language. Strings with %s take the portal
// name (or the hospital name where noted).
type text struct {
	Portal         string // default portal name
	Brand          string // default hospital name
	LandingTitle   string
	LandingBody    string // %s portal
	Button         string // %s portal
	Next           string // %s portal
	ExpiredTitle   string
	ExpiredBody    string
	UsedTitle      string
	UsedBody       string
	UsedPortal     string // %s portal; followed by a link to the portal
	InvalidTitle   string
	InvalidBody    string
	UnavailTitle   string
	UnavailBody    string
	TooManyTitle   string
	TooManyBody    string
	NewLinkHeading string
	NewLink        string // %s hospital name
	EmergencyLabel string
	Emergency      string // %s emergency number
	Questions      string
	PrivacyNote    string
	GoToPortal     string // %s portal
}

var texts = map[string]*text{
	"en": {
		Portal:         "your patient portal",
		Brand:          "Your care team",
		LandingTitle:   "Continue to your secure patient portal",
		LandingBody:    "Write to your care team safely in %s. They can read and answer you there.",
		Button:         "Continue to %s",
		Next:           "Next, %s opens and asks you to sign in; this link works only once.",
		ExpiredTitle:   "This link has expired",
		ExpiredBody:    "For your privacy, each link works only for a limited time.",
		UsedTitle:      "This link was already used",
		UsedBody:       "For your privacy, each link works only once.",
		UsedPortal:     "If you already opened it, you can also go to %s and sign in:",
		InvalidTitle:   "This link is not valid",
		InvalidBody:    "It may have been copied incompletely or changed.",
		UnavailTitle:   "We cannot open this link right now",
		UnavailBody:    "Please try again in a few minutes. Your link still works.",
		TooManyTitle:   "Too many attempts",
		TooManyBody:    "Please wait a minute, then try again.",
		NewLinkHeading: "How to get a new link",
		NewLink:        "Send any message again to %s in the app where you wrote to us. We will reply with a new secure link.",
		EmergencyLabel: "Emergency?",
		Emergency:      "Call %s now.",
		Questions:      "Questions? Call",
		PrivacyNote:    "This page shows no personal or health information.",
		GoToPortal:     "Go to %s",
	},
	"es": {
		Portal:         "su portal de pacientes",
		Brand:          "Su equipo de atención",
		LandingTitle:   "Continúe a su portal seguro de pacientes",
		LandingBody:    "Escriba a su equipo de atención de forma segura en %s. Allí pueden leer y responder su mensaje.",
		Button:         "Continuar a %s",
		Next:           "Después, se abrirá %s y le pedirá iniciar sesión; este enlace funciona una sola vez.",
		ExpiredTitle:   "Este enlace ha vencido",
		ExpiredBody:    "Por su privacidad, cada enlace funciona solo por un tiempo limitado.",
		UsedTitle:      "Este enlace ya se usó",
		UsedBody:       "Por su privacidad, cada enlace funciona una sola vez.",
		UsedPortal:     "Si ya lo abrió, también puede ir a %s e iniciar sesión:",
		InvalidTitle:   "Este enlace no es válido",
		InvalidBody:    "Puede que se haya copiado incompleto o que se haya modificado.",
		UnavailTitle:   "No podemos abrir este enlace ahora",
		UnavailBody:    "Inténtelo de nuevo en unos minutos. Su enlace sigue funcionando.",
		TooManyTitle:   "Demasiados intentos",
		TooManyBody:    "Espere un minuto y vuelva a intentarlo.",
		NewLinkHeading: "Cómo obtener un enlace nuevo",
		NewLink:        "Envíe cualquier mensaje otra vez a %s en la aplicación donde nos escribió. Le responderemos con un enlace seguro nuevo.",
		EmergencyLabel: "¿Emergencia?",
		Emergency:      "Llame al %s ahora.",
		Questions:      "¿Preguntas? Llame al",
		PrivacyNote:    "Esta página no muestra información personal ni de salud.",
		GoToPortal:     "Ir a %s",
	},
}

//go:embed templates/page.html templates/page.css
var templateFS embed.FS

// view is what the page template renders.
type view struct {
	Lang            string
	Title           string
	BrandName       string
	Logo            template.URL
	CSS             template.CSS
	Heading         string
	Body            string
	Form            bool
	Button          string
	Next            string
	Extra           string
	ExtraLinkText   string
	ExtraLink       string
	NewLinkHeading  string
	NewLink         string
	EmergencyLabel  string
	EmergencyPre    string
	EmergencyNumber string
	EmergencyPost   string
	EmergencyTel    template.URL
	Questions       string
	Phone           string
	PhoneTel        template.URL
	Hours           string
	PrivacyNote     string
}

// renderer renders the pages for one branding.
type renderer struct {
	tmpl      *template.Template
	css       template.CSS
	styleHash string // CSP source for the one inline <style>
	brand     Branding
	logo      template.URL
	portalURL string // portal without token, for the "already used" page
}

// maxLogoLen bounds an inline logo so that every page stays under 20 KB.
const maxLogoLen = 12 * 1024

var (
	hexColor = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	dataLogo = regexp.MustCompile(`^data:image/(?:png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$`)
	pathLogo = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)
)

func newRenderer(b Branding, portalURL string) (*renderer, error) {
	if b.PrimaryColor == "" {
		b.PrimaryColor = "#0b5cad"
	}
	if b.AccentColor == "" {
		b.AccentColor = b.PrimaryColor
	}
	if !hexColor.MatchString(b.PrimaryColor) {
		return nil, fmt.Errorf("portal: branding primary colour %q is not #rgb or #rrggbb", b.PrimaryColor)
	}
	if !hexColor.MatchString(b.AccentColor) {
		return nil, fmt.Errorf("portal: branding accent colour %q is not #rgb or #rrggbb", b.AccentColor)
	}
	if b.EmergencyNumber == "" {
		b.EmergencyNumber = "911"
	}
	r := &renderer{brand: b, portalURL: portalURL}
	if b.LogoURL != "" {
		if !(dataLogo.MatchString(b.LogoURL) || (pathLogo.MatchString(b.LogoURL) && !strings.HasPrefix(b.LogoURL, "//"))) {
			return nil, fmt.Errorf("portal: branding logo must be a data:image URI or a same-origin path")
		}
		if len(b.LogoURL) > maxLogoLen {
			return nil, fmt.Errorf("portal: branding logo data is %d bytes; keep it under %d so pages stay under 20 KB", len(b.LogoURL), maxLogoLen)
		}
		r.logo = template.URL(b.LogoURL)
	}
	cssSrc, err := templateFS.ReadFile("templates/page.css")
	if err != nil {
		return nil, err
	}
	btnBg := parseHex(b.PrimaryColor)
	btnFg := "#ffffff"
	if contrast(btnBg, [3]float64{0, 0, 0}) > contrast(btnBg, [3]float64{1, 1, 1}) {
		btnFg = "#111111"
	}
	linkColor := b.PrimaryColor
	if contrast(btnBg, [3]float64{1, 1, 1}) < 4.5 {
		linkColor = "#0b4f8a"
	}
	css := strings.NewReplacer(
		"PRIMARY", normHex(b.PrimaryColor),
		"ONPRIMARY", btnFg,
		"ACCENT", normHex(b.AccentColor),
		"LINK", normHex(linkColor),
	).Replace(string(cssSrc))
	// Replacer matches the longest key first at each position, so ONPRIMARY is safe.
	css = strings.Join(strings.Fields(css), " ")
	r.css = template.CSS(css)
	sum := sha256.Sum256([]byte(css))
	r.styleHash = "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	src, err := templateFS.ReadFile("templates/page.html")
	if err != nil {
		return nil, err
	}
	r.tmpl, err = template.New("page").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("portal: page template: %w", err)
	}
	return r, nil
}

// render writes page p in language lang.
func (r *renderer) render(p page, lang string) ([]byte, error) {
	t := texts[lang]
	if t == nil {
		t = texts["en"]
		lang = "en"
	}
	portal := r.brand.PortalName
	if portal == "" {
		portal = t.Portal
	}
	brand := r.brand.Name
	if brand == "" {
		brand = t.Brand
	}
	v := view{
		Lang:            lang,
		BrandName:       brand,
		Logo:            r.logo,
		CSS:             r.css,
		EmergencyLabel:  t.EmergencyLabel,
		EmergencyNumber: r.brand.EmergencyNumber,
		EmergencyTel:    telDigits(r.brand.EmergencyNumber),
		PrivacyNote:     t.PrivacyNote,
	}
	v.EmergencyPre, v.EmergencyPost, _ = strings.Cut(t.Emergency, "%s")
	if r.brand.Phone != "" {
		v.Questions, v.Phone, v.PhoneTel, v.Hours = t.Questions, r.brand.Phone, telDigits(r.brand.Phone), r.brand.Hours
	}
	newLink := func() {
		v.NewLinkHeading = t.NewLinkHeading
		v.NewLink = fmt.Sprintf(t.NewLink, brand)
	}
	switch p {
	case pageLanding:
		v.Heading, v.Body = t.LandingTitle, fmt.Sprintf(t.LandingBody, portal)
		v.Form, v.Button, v.Next = true, fmt.Sprintf(t.Button, portal), fmt.Sprintf(t.Next, portal)
	case pageExpired:
		v.Heading, v.Body = t.ExpiredTitle, t.ExpiredBody
		newLink()
	case pageUsed:
		v.Heading, v.Body = t.UsedTitle, t.UsedBody
		if r.portalURL != "" {
			v.Extra, v.ExtraLinkText, v.ExtraLink = fmt.Sprintf(t.UsedPortal, portal), fmt.Sprintf(t.GoToPortal, portal), r.portalURL
		}
		newLink()
	case pageInvalid:
		v.Heading, v.Body = t.InvalidTitle, t.InvalidBody
		newLink()
	case pageUnavailable:
		v.Heading, v.Body = t.UnavailTitle, t.UnavailBody
	case pageTooMany:
		v.Heading, v.Body = t.TooManyTitle, t.TooManyBody
	}
	v.Title = v.Heading + " | " + brand
	var buf bytes.Buffer
	if err := r.tmpl.Execute(&buf, &v); err != nil {
		return nil, fmt.Errorf("portal: render page: %w", err)
	}
	return buf.Bytes(), nil
}

// telDigits returns a tel: URI with only a leading + and digits.
func telDigits(s string) template.URL {
	b := strings.Builder{}
	b.WriteString("tel:")
	for i, r := range s {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return template.URL(b.String())
}

func normHex(s string) string {
	if len(s) == 4 {
		return "#" + strings.Repeat(s[1:2], 2) + strings.Repeat(s[2:3], 2) + strings.Repeat(s[3:4], 2)
	}
	return strings.ToLower(s)
}

// parseHex returns the sRGB components (0..1) of a #rgb / #rrggbb colour.
func parseHex(s string) [3]float64 {
	s = normHex(s)
	var c [3]float64
	for i := 0; i < 3; i++ {
		n, _ := strconv.ParseUint(s[1+2*i:3+2*i], 16, 8)
		c[i] = float64(n) / 255
	}
	return c
}

// luminance is the WCAG 2 relative luminance.
func luminance(c [3]float64) float64 {
	var l [3]float64
	for i, v := range c {
		if v <= 0.04045 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
