package strip

import "testing"

// Spanish phrasings found missing, or wrongly flagged, by the second Spanish
// blind set (testdata/es/fresh2.jsonl), written again in other words.
func TestSpanishFresh2Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"ayer me tomaron la presión en el trabajo y dio 160/100", true},
		{"le encontraron sangre en la orina en el chequeo de la escuela", true},
		{"mi papá anda quejándose del pecho desde el domingo", true},
		{"el niño no hace popó desde el jueves", true},
		{"a mi tío le dio un derrame anoche", true},
		{"la llevamos a urgencias en la madrugada", true},
		{"hubo un derrame de aceite en el estacionamiento", false},
		{"con este tráfico se necesita una dosis de paciencia", false},
		{"ya empezó la fiebre del fútbol en la oficina", false},
		{"la operación de mantenimiento del elevador es el lunes", false},
		{"mi sobrino perdió su estetoscopio de juguete en la sala de espera", false},
		{"mi celular está en terapia intensiva, les escribo desde la compu", false},
	})
}
