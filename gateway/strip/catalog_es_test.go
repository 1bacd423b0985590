package strip

import (
	"strings"
	"testing"
)

// Tables for the Spanish consumer families (lexicon/es/symptom.consumer.txt,
// symptom.consumer.ambiguous.txt, care_history.consumer.txt, the additions to
// context/es/self_harm.txt and emergency.txt, and the everyday idioms of
// context/es/safe.txt): each clinical message must be clinical and the given
// words must be gone from the redacted text; each everyday look-alike must
// stay harmless. Sentences written for these tests.
func TestCatalogSpanishClinical(t *testing.T) {
	s := Default()
	cases := [][2]string{
		// vomiting and keeping food down
		{"mi hija ha vomitado cuatro veces desde anoche", "vomitado"},
		{"seguimos vomitando toda la familia después de la fiesta", "vomitando"},
		{"el niño no puede retener ni el agua", "retener ni el agua"},
		{"no retiene la leche, todo lo que toma lo devuelve", "lo devuelve"},
		{"no le para nada en el estómago desde ayer", "nada en el estómago"},
		{"vomitó en proyectil después de comer", "vomitó en proyectil"},
		// bleeding, dizziness, fainting
		{"le sale sangre de la nariz cada mañana", "sale sangre de la nariz"},
		{"mi esposo escupió sangre esta mañana", "escupió sangre"},
		{"se mareó en el baño y se pegó", "se mareó"},
		{"ayer me dieron vahídos en el trabajo", "vahídos"},
		{"casi me desmayo en la fila del super", "casi me desmayo"},
		{"todo me da vueltas cuando me levanto", "todo me da vueltas"},
		// cough, breathing, nose
		{"el bebé tosió toda la noche", "tosió"},
		{"le silba el pecho cuando respira", "silba el pecho"},
		{"me falta el aire al subir las escaleras", "falta el aire al subir"},
		{"tengo la nariz tapada y mocos verdes", "nariz tapada"},
		// burning, pain, swelling, itching
		{"me ardía mucho al orinar ayer", "ardía"},
		{"me dolió horrible la espalda toda la semana", "dolió"},
		{"amanecí con el cuerpo cortado y destemplado", "cuerpo cortado"},
		{"se le hinchan los pies en la tarde", "se le hinchan"},
		{"amaneció con los párpados hinchados", "párpados hinchados"},
		{"me pica todo el cuerpo desde que cambié de jabón", "pica todo el cuerpo"},
		{"le salieron ronchas en la espalda", "salieron ronchas"},
		{"la piel del bebé se ve amarilla", "amarilla"},
		// urine and bowel
		{"hago pipí a cada rato y poquito", "hago pipí a cada rato"},
		{"mi niño se orina en la cama otra vez", "orina en la cama"},
		{"el bebé no ha mojado el pañal desde la mañana", "mojado el pañal"},
		{"lleva cinco días sin hacer popó", "sin hacer popó"},
		{"mi papá hizo popó negra dos veces", "popó negra"},
		{"ando suelto del estómago desde el viaje", "suelto del estómago"},
		{"anda de la panza desde el domingo", "de la panza"},
		{"creo que está empachada, no quiere comer", "empachada"},
		{"tengo la panza inflamada como tambor", "panza inflamada"},
		// fever
		{"tiene calentura de 39 desde ayer", "calentura"},
		{"la niña está ardiendo en fiebre", "ardiendo en fiebre"},
		{"no le baja la calentura con nada", "calentura"},
		// mouth, teeth, throat
		{"se le partió una muela y le duele", "muela"},
		{"me sangran las encías cuando me cepillo", "encías"},
		{"amanecí afónica y con la garganta rasposa", "garganta rasposa"},
		{"me duele al tragar la comida", "al tragar"},
		// eyes and ears
		{"amaneció con los ojos pegados de lagañas", "ojos pegados"},
		{"de repente veo lucecitas y puntitos negros", "puntitos negros"},
		{"mi hijo no oye bien de un oído", "no oye bien de un oído"},
		{"al niño le supura el oído", "supura"},
		// children: swallowed or put in the nose
		{"mi hija se metió un cacahuate en la nariz", "cacahuate en la nariz"},
		{"el bebé se tragó un imán", "se tragó un imán"},
		{"a mi hijo se le atoró una espina de pescado en la garganta", "espina de pescado"},
		// folk illness, women's health
		{"mi suegra dice que el niño tiene mal de ojo", "mal de ojo"},
		{"se me atrasó la regla dos semanas", "atrasó la regla"},
		{"tengo flujo con mal olor y comezón", "flujo"},
		{"me dan bochornos en la noche", "bochornos"},
		// care history
		{"mi abuelo está con oxígeno en la casa", "con oxígeno"},
		{"se le acabó el oxígeno a mi mamá", "acabó el oxígeno"},
		{"a mi papá lo pasaron a terapia intensiva anoche", "terapia intensiva"},
		{"lleva tres días internado en el hospital", "internado"},
		{"me mandaron a emergencias desde la clínica", "emergencias"},
		{"acabé en urgencias por el dolor", "urgencias"},
		{"el azúcar me salió en 280", "salió en 280"},
		{"el colesterol le salió alto otra vez", "salió alto"},
		{"me hicieron una resonancia de la rodilla", "resonancia"},
		{"me pusieron seis puntos en la ceja", "puntos"},
		{"se le abrieron los puntos de la cesárea", "abrieron los puntos"},
		{"el doctor me recetó unas pastillas para dormir", "recetó unas pastillas"},
		{"la farmacia no me surtió la receta de mi mamá", "surtió la receta"},
		{"el pharmacist me dijo que no la puedo tomar con alcohol", "pharmacist me dijo"},
		// home remedies
		{"qué té es bueno para bajar el azúcar", "bajar el azúcar"},
		{"el té de canela para la presión sí sirve?", "canela para la presión"},
		{"un remedio casero para que se le quite el empacho", "remedio casero"},
	}
	checkRemoved(t, s, cases)
}

// Self-harm and overdose phrasing sets the urgency.
func TestCatalogSpanishUrgency(t *testing.T) {
	s := Default()
	cases := [][2]string{
		{"mi hija se está cortando los brazos", "self_harm"},
		{"mi hijo dice que quiere quitarse la vida", "self_harm"},
		{"mi hermano se quiso matar el fin de semana", "self_harm"},
		{"ya no quiere vivir, dice que mejor se muere", "self_harm"},
		{"se tomó un puño de pastillas para dormir", "emergency"},
		{"mi mamá se tomó todo el frasco", "emergency"},
		{"no lo puedo despertar y casi no respira", "emergency"},
		{"manden una ambulancia por favor", "emergency"},
		{"ya llamé al 911 pero quiero saber qué hago", "emergency"},
	}
	for _, c := range cases {
		r := s.Strip(c[0])
		checkInvariants(t, s, c[0], r)
		if !r.Clinical || r.Urgency != c[1] {
			t.Errorf("%q: clinical=%v urgency=%q, want %q (%q)", c[0], r.Clinical, r.Urgency, c[1], r.Redacted)
		}
	}
}

// Everyday Spanish that shares words with the families above stays harmless.
func TestCatalogSpanishHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"me tiene loco el trabajo esta semana",
		"mi jefa me trae loca con los reportes",
		"la presión del trabajo está horrible",
		"con la renta me duele el bolsillo",
		"me tiene con dolor de cabeza el papeleo del seguro",
		"qué dolor de cabeza este trámite",
		"mi cuenta está en terapia intensiva después de diciembre",
		"mi mamá me tiene en terapia intensiva con sus llamadas",
		"el cajero se tragó mi tarjeta",
		"la máquina de refrescos se tragó mis monedas",
		"se tragó el cuento completito",
		"me muero de ganas de ver a mi nieta",
		"estamos muertos de risa con el video",
		"nos dio un ataque de risa en la sala de espera",
		"la empresa necesita una inyección de capital",
		"no me deja hacer la operación bancaria",
		"la operación de la tienda cambió de horario",
		"me da flojera manejar hasta allá",
		"me da pena preguntar, ¿dónde está el baño?",
		"ya estoy enfermo de tanto esperar",
		"ando bien cansado de tanto trámite",
		"casi me desmayo cuando vi la factura",
		"me quemé las pestañas estudiando para el examen",
		"me dieron puntos en mi tarjeta de recompensas",
		"se me cortó la llamada cuando me estaban atendiendo",
		"nos cortaron la luz ayer",
		"me corté el pelo muy corto",
		"me dolió lo que me dijo la recepcionista",
		"me pica la curiosidad de saber qué van a construir en el estacionamiento",
		"la farmacia cierra a las nueve?",
		"¿tienen la receta del pozole de la cafetería?",
		"me encanta el té de canela de la cafetería",
		"el tanque de gasolina está vacío",
		"se me acabó el tanque en el estacionamiento",
		"necesito una placa para mi carro nuevo",
		"¿me pueden hacer un scan de mi licencia?",
		"la máquina se quedó con mi cambio",
		"ando loca de contenta con mi nuevo trabajo",
		"hace una temperatura de 40 grados afuera",
		"se ve nublado hoy, ¿abren el estacionamiento techado?",
		"tengo mucho trabajo y me muero de sueño",
		"mi hijo está conectado a la clase en línea",
		"me ingresaron el pago ayer",
		"me admitieron en la universidad",
	})
}

// Spanish contracts "de el" and "a el" to "del" and "al"; a lexicon phrase
// written uncontracted (199 lines were, until session 9, and family lines that
// cross "{de|a}" with "{el ...|la ...}" still yield such phrases) reaches the
// trie contracted, so that it matches what people write.
func TestSpanishContractions(t *testing.T) {
	var got []string
	f := contractSpanish(func(l string) { got = append(got, l) })
	for _, l := range []string{"harto de el papeleo", "alergia a el tráfico", "la casa de él", "de el", "~dolor de el pecho", "el dolor", "a la cabeza"} {
		f(l)
	}
	want := []string{"harto del papeleo", "alergia al tráfico", "la casa de él", "del", "~dolor del pecho", "el dolor", "a la cabeza"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("contractSpanish: got %q, want %q", got, want)
	}
	s := Default()
	for _, tc := range []clinCase{
		{"estoy harta del papeleo, ¿dónde entrego la solicitud?", false},
		{"me duele la boca del estómago desde ayer", true},
	} {
		if r := s.Strip(tc.text); r.Clinical != tc.clinical {
			t.Errorf("%q: clinical = %v, want %v (%q)", tc.text, r.Clinical, tc.clinical, r.Redacted)
		}
	}
}
