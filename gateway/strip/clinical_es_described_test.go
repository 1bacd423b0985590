package strip

import "testing"

// Spanish signs told with everyday words (lexicon/es/symptom.descrito.txt),
// written again in other words than the blind sets that showed the gap, and
// everyday hyperbole that must stay harmless.
func TestSpanishDescribedSigns(t *testing.T) {
	checkClinical(t, []clinCase{
		{"mi hija se mete el dedo a la garganta después de comer", true},
		{"a mi papá se le van las palabras desde ayer", true},
		{"mi abuela ya no reconoce a sus nietos", true},
		{"mi mamá escucha voces que no están sonando", true},
		{"se me sale el pipí cuando toso", true},
		{"mi hijo anda oliendo pegamento con sus amigos", true},
		{"mi bebé se retuerce toda la noche y escupe mucha leche", true},
		{"el cuarto da vueltas cuando me levanto", true},
		{"me tienen mareada con tantos papeles", false},
		{"ese comercial me da alergia", false},
		{"cuando vea la cuenta me va a dar un infarto", false},
		{"hace un frío que cala los huesos", false},
	})
	checkUrgency(t, []urgCase{
		{"mi esposo se pone azul de los labios en la noche", "emergency"},
		{"tengo pensamientos de no querer estar aquí", "self_harm"},
	})
}
