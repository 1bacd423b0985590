package strip

import "testing"

// Everyday Spanish look-alikes found by the ninth Spanish blind set, written
// again in other words, beside the clinical uses they must not hide.
func TestFreshEs9Safe(t *testing.T) {
	checkClinical(t, []clinCase{
		{"la cola del banco me está dando dolor de cabeza, llevo una hora", false},
		{"casi me da un ataque de nervios con este portal, no me deja pagar", false},
		{"la app está en terapia intensiva desde el lunes, no abre", false},
		{"el gol de anoche me dio un infarto jaja", false},
		{"mi abuelo sigue en terapia intensiva, ¿puedo llevarle ropa?", true},
		{"a mi tío le dio un infarto el mes pasado y no quiere caminar", true},
		{"tengo dolor de cabeza desde el martes y no se me quita", true},
	})
}
