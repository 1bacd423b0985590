package devkit

import (
	"html/template"

	"github.com/gofiber/fiber/v2"
)

var demoPortal = template.Must(template.New("p").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Demo patient portal</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code{word-break:break-all;background:#f2f2f2;padding:.2rem}</style></head><body>
<h1>Demo patient portal</h1>
<p>This page stands in for the hospital's real portal during development. A redeemed Ferry link arrived here.</p>
{{if .}}<p>The portal would now verify this token against <code>/.well-known/jwks.json</code>, then sign the patient in:</p><p><code>{{.}}</code></p>
{{else}}<p>No token arrived in the query string (with FERRY_PORTAL_TOKEN_IN=fragment it is in the URL fragment).</p>{{end}}
</body></html>`))

// MountPortal serves the demo portal at /dev/portal.
func MountPortal(r fiber.Router) {
	r.Get("/dev/portal", func(c *fiber.Ctx) error {
		c.Set("Content-Type", "text/html; charset=utf-8")
		c.Set("Cache-Control", "no-store")
		c.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		return demoPortal.Execute(c.Response().BodyWriter(), c.Query("token"))
	})
}
