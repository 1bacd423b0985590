package strip

import (
	"strings"
	"testing"
)

// Spanish families found missing, or wrongly flagged, by the seventh Spanish
// blind set, written again in other words: each clinical family beside the
// everyday look-alikes that must stay harmless.
func TestFreshEs7Families(t *testing.T) {
	checkClinical(t, []clinCase{
		// a relative's drinking told by its frequency or excess (substance.consumo)
		{"mi cuñado bebe licor a diario y luego no se acuerda de nada", true},
		{"mi papá se pone borracho cada fin de semana", true},
		{"mi tío toma tequila hasta caerse", true},
		{"hay algún programa para dejar de beber en la ciudad?", true},
		{"tomamos vino en la cena de aniversario", false},
		{"el bar sirve cerveza todos los días hasta la medianoche", false},
		{"¿puedo tomar vino en la boda del sábado?", false},
		// alcohol after a procedure or with a medicine: only beside another clinical term
		{"me pusieron un stent hace un mes, ¿ya puedo tomar cerveza?", true},
		// a relative's sadness, crying and grief (mental_health.animo)
		{"mi suegra anda muy decaída desde el funeral", true},
		{"mi hermano se la pasa llorando todas las noches", true},
		{"mi mamá no ha superado la muerte de mi hermano", true},
		{"el cielo está muy triste hoy, todo nublado", false},
		// seeing or talking to people who are not there
		{"mi abuelita dice que ve niños que no están en el cuarto", true},
		{"mi tío platica con gente que no existe", true},
		// confusion seen from outside, with or without a complement (symptom.consumer)
		{"a mi abuelo lo noto muy desorientado desde ayer", true},
		{"la vecina amaneció confundida y no reconoce a sus hijos", true},
		{"mi tía anda desorientada y no quiere comer", true},
		{"se ve muy confundido con el nuevo sistema de pagos", false},
		{"estoy muy confundida con las instrucciones del portal", false},
		// hiccups that last
		{"mi esposo sigue con hipo desde anoche", true},
		{"le dio hipo que no se le quita en todo el día", true},
		// not bearing weight on a hurt foot
		{"me doblé el pie bajando la escalera y no puedo pisar", true},
		// a test named by the organ that came out abnormal; lab values with the verb first
		{"dice la carta que mi examen de próstata salió sospechoso", true},
		{"le mandaron un estudio del colon a mi papá", true},
		{"me salió el colesterol malo en 210", true},
		{"el HDL me salió bajo otra vez", true},
		{"la prueba de manejo salió mal", false},
		// the baby's movements in the womb, and trying to conceive (pregnancy.movimientos)
		{"desde ayer casi no siento a mi bebé moverse y tengo 34 semanas", true},
		{"la bebé patea menos que antes, ¿voy a urgencias?", true},
		{"llevamos dos años buscando bebé y no se da", true},
		{"mi esposa y yo queremos embarazarnos este año", true},
		{"el bebé de la vecina ya camina", false},
		// vaccines written with "del" (the old lines said "de el")
		{"¿cuándo me toca la vacuna del tétanos?", true},
		// vitamin drips and remedies for a condition (medication, care_history.consumer)
		{"¿los sueros con vitaminas de la farmacia son seguros?", true},
		{"busco algo natural para el colesterol", true},
		{"a mi papá no le gusta tomar pastillas para la presión", true},
		{"busco algo natural para limpiar la cocina", false},
		// things that figuratively need surgery, have no pulse or get a transplant (context/es/safe)
		{"el portal necesita una cirugía mayor, no se puede ni entrar", false},
		{"la página no tiene pulso desde la mañana", false},
		{"con este banco me urge un trasplante de paciencia", false},
		{"traigo la cabeza frita de tanto papeleo", false},
		{"ando con fiebre mundialista, ¿dónde pasan el partido?", false},
		{"mi papá no tiene pulso y no respira", true},
	})
}

// An interjection that opens a message is no person's name (lexicon/es/common.txt).
func TestFreshEs7Interjections(t *testing.T) {
	s := Default()
	for _, text := range []string{
		"Oigan, ¿el estacionamiento es gratis los domingos?",
		"Miren, ya mandé los papeles dos veces",
		"Órale, gracias por avisar",
	} {
		if r := s.Strip(text); strings.Contains(r.Redacted, "[name]") {
			t.Errorf("%q: interjection read as a name: %q", text, r.Redacted)
		}
	}
}

// The words of a symptom phrase do not survive ("no puedo pisar").
func TestFreshEs7Removed(t *testing.T) {
	checkRemoved(t, Default(), [][2]string{
		{"me torcí el tobillo y no puedo pisar", "puedo pisar"},
		{"mi esposo toma alcohol todas las noches", "alcohol"},
		{"mi abuela ve sombras que no están", "sombras"},
	})
}
