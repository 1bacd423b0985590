package strip

import "testing"

// A shopping list of shelf products is an everyday request; a named drug on
// it, a second sentence about the body or the writer's own complaint keep
// their terms. Fields, places and practices named with a clinical word stay
// everyday too, and the clinical uses beside them still count.
func TestShoppingListsAndEverydayMedicalWords(t *testing.T) {
	checkClinical(t, []clinCase{
		{"add chicken breasts and cold medicine to the grocery list", false},
		{"add cough drops and tissues to the shopping list", false},
		{"add band-aids and sunscreen to my shopping list", false},
		{"alexa add cough drops and ibuprofen to my shopping list", true},
		{"add cough drops to the shopping list. my throat is killing me", true},
		{"I need cough drops on my shopping list because I can't stop coughing", true},
		{"who won the nobel prize in medicine this year", false},
		{"weather in Medicine Hat this week", false},
		{"find a podcast about the history of medicine", false},
		{"is there a lift at the Castle Street surgery?", false},
		{"Hello, how do I register with the surgery? I've just moved to the area.", false},
		{"the pain after the surgery is getting worse", true},
		{"when can I drive after my surgery", true},
		{"sorry to be a pain, can I move my appointment to Friday?", false},
		{"Is there a sliding scale for therapy fees? I'm a student.", false},
		{"how many calories do i burn walking 10000 steps", false},
		{"I burned my hand on the oven and it blistered", true},
		{"this spreadsheet is giving me a headache, set a 10 minute break timer", false},
		{"the new tablets are giving me a headache every afternoon", true},
		{"ejection fraction 45 percent", true},
	})
}
