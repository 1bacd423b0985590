package reply

// The embedded default texts. They use only characters of the GSM-7 alphabet where the
// language allows it (straight quotes, no dashes or emoji), so SMS replies stay compact.
var defaults = map[string]Templates{
	"en": {
		Clinical:       "Thanks for writing{{if .Hospital}} to {{.Hospital}}{{end}}. For your privacy, please don't share health details on social media. We did not keep your message.",
		ClinicalShort:  "For your privacy, please don't share health details here. We did not keep your message.",
		General:        "Thanks for your message{{if .Hospital}} to {{.Hospital}}{{end}}. Please don't share health details on social media; for anything about your health or care, use our secure portal.",
		GeneralShort:   "Please don't share health details here; use our secure portal.",
		Link:           "Continue securely in {{.Portal}} (this link works once):\n{{.Link}}",
		LinkShort:      "Continue securely:\n{{.Link}}",
		Emergency:      "If this is an emergency, call {{.Emergency}} now or go to the nearest emergency room.",
		EmergencyShort: "Emergency? Call {{.Emergency}} now.",
		SelfHarm:       "If you are thinking about suicide or hurting yourself, call or text {{.Crisis}} (Suicide & Crisis Lifeline) now. In an emergency, call {{.Emergency}}.",
		SelfHarmShort:  "Call or text {{.Crisis}} (Crisis Lifeline) or call {{.Emergency}} now.",
		Safety:         "In an emergency, call {{.Emergency}}.",
		SafetyShort:    "Emergency: call {{.Emergency}}.",
		Contact:        "For urgent questions, call {{.UrgentPhone}}{{if .Hours}} ({{.Hours}}){{end}}.",
	},
	"es": {
		Clinical:       "Gracias por escribir{{if .Hospital}} a {{.Hospital}}{{end}}. Por su privacidad, no comparta detalles de salud en redes sociales. No guardamos su mensaje.",
		ClinicalShort:  "Por su privacidad, no comparta detalles de salud aquí. No guardamos su mensaje.",
		General:        "Gracias por su mensaje{{if .Hospital}} a {{.Hospital}}{{end}}. No comparta detalles de salud en redes sociales; para temas de su salud o su atención, use nuestro portal seguro.",
		GeneralShort:   "No comparta detalles de salud aquí; use nuestro portal seguro.",
		Link:           "Continúe de forma segura en {{.Portal}} (el enlace funciona una vez):\n{{.Link}}",
		LinkShort:      "Continúe de forma segura:\n{{.Link}}",
		Emergency:      "Si es una emergencia, llame al {{.Emergency}} ahora o vaya a la sala de emergencias más cercana.",
		EmergencyShort: "¿Emergencia? Llame al {{.Emergency}} ahora.",
		SelfHarm:       "Si está pensando en suicidarse o hacerse daño, llame o envíe un texto al {{.Crisis}} (Línea de Prevención del Suicidio y Crisis; oprima 2 para español) ahora. En una emergencia, llame al {{.Emergency}}.",
		SelfHarmShort:  "Llame o envíe un texto al {{.Crisis}} (Línea de Crisis) o llame al {{.Emergency}} ahora.",
		Safety:         "En una emergencia, llame al {{.Emergency}}.",
		SafetyShort:    "¿Emergencia? Llame al {{.Emergency}}.",
		Contact:        "Para dudas urgentes, llame al {{.UrgentPhone}}{{if .Hours}} ({{.Hours}}){{end}}.",
	},
}

// defaultPortal names the portal when the hospital did not.
var defaultPortal = map[string]string{
	"en": "our patient portal",
	"es": "nuestro portal de pacientes",
}
