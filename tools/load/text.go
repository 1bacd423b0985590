package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The text mix: synthetic patient messages, written for this tool. About a third are
// harmless (opening hours, parking), the rest carry clinical content and identifiers
// (names, phone numbers, dates of birth, record numbers, e-mail addresses) the stripper
// must find. No real person or record is behind any of them.
var templates = []string{
	"Hi, what time does the clinic open on {day}?",
	"Is there parking near the main entrance? Thanks!",
	"Hello, I need to change my appointment on {day} at {time}, my name is {name}",
	"I have chest pain since {day} and I take lisinopril {dose}, call me on {phone}",
	"My daughter {first} (DOB {dob}) has had a fever of 39.2 since last night, should we come in?",
	"Can you send me my blood test results? MRN {mrn}, email {email}",
	"I ran out of metformin {dose} and my pharmacy is closed, what do I do",
	"hola, tengo dolor de cabeza y mareos desde el {day}, mi teléfono es {phone}",
	"Thank you all for the great care last week :)",
	"This is {name}, I was discharged yesterday after my knee replacement and the wound is red and swollen",
	"Do you accept walk-ins for flu shots?",
	"I think I'm pregnant, 6 weeks, and I'm bleeding a little. My number {phone}",
	"Where do I send the form for my insurance? policy {mrn}",
	"my husband {first} is short of breath and his lips look blue",
	"Can I bring my service dog to the visit on {day}?",
	"Hi! Need a refill of sertraline {dose} for anxiety, pharmacy at {street}",
	"quisiera una cita con el doctor para mi hijo, tiene tos y fiebre, soy {name}",
	"Are you open on public holidays?",
	"I had an allergic reaction to amoxicillin, rash everywhere and itching, DOB {dob}",
	"please call me back at {phone} about my MRI results",
}

var (
	firstNames = []string{"Maria", "John", "Aisha", "Wei", "Carlos", "Olga", "Samuel", "Priya", "Lucas", "Fatima", "Grace", "Tomás"}
	lastNames  = []string{"Garcia", "Smith", "Okafor", "Chen", "Rodriguez", "Ivanova", "Mensah", "Patel", "Moreau", "Haddad", "Kowalski", "Nguyen"}
	days       = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "March 3rd", "the 14th"}
	doses      = []string{"10mg", "20 mg", "500mg", "50 mg", "5mg twice a day"}
	streets    = []string{"12 Elm Street", "440 Oak Avenue", "9 Harbor Road", "77 Pine Lane"}
)

// message returns one synthetic message text.
func message(r *rand.Rand) string {
	t := templates[r.IntN(len(templates))]
	first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	rep := strings.NewReplacer(
		"{day}", days[r.IntN(len(days))],
		"{time}", fmt.Sprintf("%d:%02d", 8+r.IntN(9), 15*r.IntN(4)),
		"{name}", first+" "+last,
		"{first}", first,
		"{dose}", doses[r.IntN(len(doses))],
		"{phone}", fmt.Sprintf("%03d-555-%04d", 200+r.IntN(700), r.IntN(10000)),
		"{dob}", fmt.Sprintf("%02d/%02d/%d", 1+r.IntN(12), 1+r.IntN(28), 1940+r.IntN(70)),
		"{mrn}", fmt.Sprintf("MRN-%07d", r.IntN(10_000_000)),
		"{email}", strings.ToLower(first)+"."+strings.ToLower(last)+"@example.org",
		"{street}", streets[r.IntN(len(streets))],
	)
	return rep.Replace(t)
}
