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

// The Spanish catalogs (lexicon/es/*.catalogo.txt): common conditions,
// procedures, tests and signs the ninth Spanish blind set found missing,
// in sentences written anew.
func TestFreshEs9Catalog(t *testing.T) {
	checkClinical(t, []clinCase{
		{"a mi tío le salió gangrena en el dedo del pie", true},
		{"mi mamá empezó con hemodiálisis tres veces por semana", true},
		{"a mi papá le van a hacer un bypass coronario en marzo", true},
		{"¿hay que ir en ayunas para la química sanguínea?", true},
		{"a mi esposa se le rompió la fuente hace una hora", true},
		{"me puse pálida y empecé a sudar frío en el camión", true},
		{"el proyecto tiene 12 semanas de retraso", false},
		{"se me rompió la bolsa del mandado en el estacionamiento", false},
		{"el cielo estaba gris toda la mañana", false},
	})
}
