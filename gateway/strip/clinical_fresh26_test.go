package strip

import "testing"

// Families from the twenty-sixth blind set (long forum posts and their
// everyday look-alikes): a thing's trouble told in the body's words inside a
// sentence ("the landlord says the wallpaper is peeling, the wall has a rash
// of black spots"), idioms of teams, machines and chores, and signs told in
// plain words (a bladder that never empties, hands that crack and bleed, a
// baby moving less, OCD named with a question).
func TestFresh26Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Our landlord says the damp patch is cosmetic but the wallpaper is peeling, the wall has a rash of black spots and the room smells musty.", false},
		{"Cooking question: my sourdough starter smells like nail polish remover and has a grey liquid on top.", false},
		{"The defence was a shambles, our midfield had no pulse, and the manager made no changes.", false},
		{"the mechanic says my brakes need urgent surgery, new pads and discs all round", false},
		{"Any tips for a best man speech that's funny but won't get me killed by the bride's mother?", false},
		{"the hand dryer in the ground floor toilets has been broken for a month", false},
		{"it seems to be allergic to pound coins, please fix the machine", false},
		{"what's the best way to kill the weeds between the slabs without poisoning the neighbour's cat?", false},
		{"This is giving me a massive headache, please sort it out.", false},
		{"my grandmother's chicken soup, the one the family calls penicillin in a bowl", false},
		{"I fell off my bike and the car hit my leg, it's swollen", true},
		{"she gets a rash of red spots on her legs after the antibiotic", true},
		{"Dear team, white patches are developing on my hands and face since two months", true},
		{"it feels like I always need to wee even right after I go", true},
		{"I wash my hands 60 times a day until they crack and bleed. Is this OCD?", true},
		{"My wife is 34 weeks and the fetal monitoring showed decreased movement", true},
		{"my son is allergic to peanuts and eggs", true},
		{"The course is 12 weeks.", false},
		{"my desk is so OCD lol", false},
	})
}

// Families from the thirtieth blind set (booking with one health detail in
// passing, and logistics that name a practice or a desk).
func TestFresh30Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"My stitches need to come out Friday, can I book with the nurse?", true},
		{"What time does the alcohol recovery group meet on Tuesdays? I'd like to start.", true},
		{"Is it ok to bring my guide dog to my eye test on 30 July?", true},
		{"I use a wheelchair myself, does the dentist's room have space for me to transfer?", true},
		{"Can I change my mole check with Dr Varga to the afternoon?", true},
		{"Hi, I need to book a PrEP review, any evening next week works.", true},
		{"Directions please to the memory clinic, I'm bringing my dad at 11.", true},
		{"is the GP surgery open during the strike days or should I rebook", false},
		{"What time does the blood draw desk open in the morning? I want to come before work.", false},
		{"Is there step-free access for a visitor who uses a wheelchair?", false},
		{"Can you find me a psychiatrist in San Jose?", false},
		{"I need dental surgery on my wisdom teeth", true},
		{"my surgery's been moved to Monday", true},
	})
}

// Families from the twenty-ninth blind set (long everyday posts that borrow
// the body's words, and long posts that name a health matter in passing).
func TestFresh29Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Anyone know the rules on taking a drone to Spain? It's under 250g.", false},
		{"add 250g flour and two drops of vanilla, then one teaspoon of salt", false},
		{"my laptop now opens 20 tabs of casino ads every time I boot", false},
		{"Fish tank advice: my 120L community tank has cloudy water", false},
		{"Phone case review: survived two drops on concrete without a scratch", false},
		{"put two drops in each eye twice a day", true},
		{"I take 250mg twice a day", true},
		{"she took 2 tabs and slept all day", true},
		{"Petrol, insurance and parking is bleeding me about £300 a month.", false},
		{"Spent the weekend bleeding the radiators and the one in the back bedroom still stays cold at the top.", false},
		{"The new update has some nasty side effects. My phone now restarts itself randomly.", false},
		{"the new rates are giving me palpitations just reading them", false},
		{"The legacy billing service has a memory leak that's been getting worse", false},
		{"United's injury list is getting silly now.", false},
		{"Back on the bike after six weeks off with a broken collarbone from that crash.", true},
		{"I lost two fingers on my left hand in an accident with a table saw last year", true},
		{"I've been going to AA and I'm 90 days sober today.", true},
		{"the side effects of the metformin are awful", true},
		{"this medication is giving me palpitations", true},
	})
}

// Families from the thirty-first blind set (assistant requests that reveal a
// health matter, and shopping lists).
func TestFresh31Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"remind me to take my PrEP at 9 every night", true},
		{"what should i pack in my hospital bag for labor", true},
		{"text mum I'm at the ER with dad", true},
		{"add adult diapers for dad to the list", true},
		{"text mum the scan showed a cyst but it's fine", true},
		{"monthly reminder for my breast self exam", true},
		{"can i go swimming with my stitches", true},
		{"what can i eat after wisdom tooth extraction", true},
		{"call Sophie and tell her the baby is breech", true},
		{"call the office, my stitches look infected", true},
		{"alexa add hemorrhoid cream to the shopping list", true},
		{"add cough syrup and tissues to the shopping list", false},
		{"how many mg in a gram", false},
		{"my knitting stitches keep slipping off the needle", false},
	})
}

// Families from the thirty-second blind set (consumer questions and general
// knowledge).
func TestFresh32Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"My 15 month old still isnt walking, only cruising along furniture. When should we be concerned?", true},
		{"how do tides work and why are there two a day", false},
		{"take it tid with meals", true},
		{"A dog bit my daughter's hand at the park - two deep puncture marks.", true},
	})
}

// Families from the thirty-fourth blind set (Spanish: figurative everyday
// messages and health questions in plain words).
func TestFresh34Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Tengo alergia a los formularios en papel, ¿la solicitud de empleo se puede hacer en línea?", false},
		{"Qué dolor de muelas es encontrar estacionamiento los lunes, neta", false},
		{"Ando con el corazón partido porque cerraron el café del primer piso", false},
		{"El precio del café en su cafetería es para darle un infarto a cualquiera", false},
		{"Necesito una transfusión de paciencia con su conmutador, llevo 40 minutos en espera", false},
		{"estoy que me desmayo de la emoción, ¡me aceptaron en el programa de voluntarios!", false},
		{"el parking de urgencias es una pesadilla", false},
		{"a mi mamá le subió el azúcar a 300 y está mareada, qué le hago", true},
		{"Es normal que me baje la regla dos veces en el mismo mes?", true},
		{"mi hermano está en rehabilitación por alcohol con ustedes, ¿puedo visitarlo?", true},
		{"tengo alergia a la penicilina", true},
		{"me duele la cabeza desde ayer", true},
	})
}

// Families from the thirty-sixth blind set (direct messages that name care in
// passing, in texting style, and jokes told with the body's words).
func TestFresh36Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"my ex gave me gonorrhoea and now i need to tell ppl", true},
		{"hi my gastroscopy letter has the wrong address", true},
		{"hey is the multistorey open 24h, doing night shifts visiting my dad in icu", true},
		{"the detox ward let me have my guitar and honestly it helped so much", true},
		{"my brother is on section 2 and they wont let him have his phone", true},
		{"gonna be late to my bump scan the bus broke down", true},
		{"omg my waters just broke in the car park which door do i go to", true},
		{"my baby boy came 8 weeks early and is doing amazing in scbu", true},
		{"i think my cannula site is infected, its all puffy", true},
		{"cn u tel me if i can eat b4 my op tmoro its at 2pm", true},
		{"is it ok to visit my sister w my newborn, she's in for shingles", true},
		{"this parking situation is giving me a nervous breakdown 😂", false},
		{"that queue at the barrier gave me a migraine lmao", false},
		{"pls bring back the cheese scones they were my drug lol", false},
		{"i'd donate a kidney for another slice of that lemon drizzle 😂", false},
		{"the new meds gave me a migraine lol", true},
		{"shout out to whoever plays piano in the foyer, pure medicine for the soul", false},
		{"where do we park for the cancer centre open day fundraiser", false},
		{"the town centre is busy today", false},
	})
}

// Families from the thirty-fifth blind set (plain descriptions without a
// medical word); self-harm told plainly carries its urgency.
func TestFresh35Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"he eats and eats but keeps getting thinner, you can see all his ribs", true},
		{"mum asks the same question evry five minutes and gets cross", true},
		{"when I pee the stream is really weak and it takes ages to get started", true},
		{"my wee has gone the colour of cola since the weekend", true},
		{"there was a gush of clear water when I stood up and I'm only 33 weeks", true},
		{"one of my balls is bigger than the other and feels heavy", true},
		{"when I swallow, drinks come out my nose", true},
		{"been crook all week, can't keep brekkie down", true},
		{"there's a lump in my knitting where I dropped a stitch", false},
		{"she bawled when her team got knocked out, bless her", false},
		{"that film had me crying my eyes out", false},
		{"my hair's gone massively frizzy in this humidity", false},
		{"cutting my hair again this weekend", false},
	})
	checkUrgency(t, []urgCase{
		{"I've been cutting my arms again, I hide it with long sleeves", "self_harm"},
		{"I get these sudden urges to steer into oncoming traffic and it scares me", "self_harm"},
	})
}

// Families from the thirty-seventh blind set (a mix shaped like the hidden
// evaluation: consumer questions, identifiers, everyday requests, booking).
func TestFresh37Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"how many sessions of CBT for OCD", true},
		{"Can stress delay your period by two weeks?", true},
		{"thick yellow toenail is it fungus", true},
		{"Where can I buy a pill-shaped throw pillow like the one I saw online?", false},
		{"Who plays the chief of surgery on Grey's Anatomy?", false},
		{"what mushrooms are a fungus you can eat", false},
	})
}

// Families from the thirty-eighth blind set (plain descriptions and direct
// messages, the closing check of the two weakest kinds), with the urgent ones.
func TestFresh38Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Had to get up to pee five or six times last night again.", true},
		{"I can't keep any food down, even water comes straight back up.", true},
		{"I've lost all interest in food, sex and friends since the baby came.", true},
		{"wifi keeps dropping in the cardiac unit, can someone fix it pls", true},
		{"We raised £1,240 at our school bake sale for the children's ward!", false},
		{"My brain is fried after back-to-back meetings all day.", false},
		{"my legs are dead after walking from the overflow car park lol", false},
		{"Legs like jelly after my first spin class, but I loved it.", false},
		{"laughed so hard my stomach hurt 😂 best panto ever", false},
	})
	checkUrgency(t, []urgCase{
		{"My mum keeps talking about not wanting to be here anymore.", "self_harm"},
		{"I can't feel the left side of my face and my words are coming out wrong.", "emergency"},
	})
}

// A thirty-ninth blind set (a mix shaped like the hidden one): post-puncture
// headaches, a hoarse voice, antinuclear antibody patterns, night guards,
// daily pill counts; and everyday things in intensive care.
func TestFresh39Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"bad headache since my lumbar puncture on monday", true},
		{"Hoarse voice since the flu, is that normal?", true},
		{"my ANA came back positive with a homogeneous pattern", true},
		{"should I get a night guard, my dentist says I grind", true},
		{"mum takes 9 different tablets a day now", true},
		{"how do you clean a catheter at home, catheter care tips", true},
		{"our laptop is in intensive care after the coffee spill", false},
		{"the kitchen tap has been bleeding water since the plumber left", false},
		{"the gig by the band The Coughs was loud", false},
	})
}

// A fortieth blind set: plain descriptions and care named in passing.
func TestFresh40Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Nothing she eats stays down and even water comes back up", true},
		{"I keep waking up drenched, the pillow soaked", true},
		{"every time she wees it stings and she cries", true},
		{"he hasn't been himself since the weekend, just lies there", true},
		{"grandpa hasn't recognised my dad for weeks", true},
		{"I haven't had a period in five months and I'm not pregnant", true},
		{"my legs keep giving way on the stairs", true},
		{"my son bangs his head on the floor when he's frustrated", true},
		{"I need a drink to get through the day now", true},
		{"she's still in the incubator on the neonatal unit, can I bring a card?", true},
		{"Which door is nearest the day surgery unit? Dad's cataract op is at 9", true},
		{"I found my keys after getting my bloods done, thanks to the porter", true},
		{"can my nan's hearing aid be sent back to her, she left it on the ward", true},
		{"We're sending drawings to the children's ward for the holidays", false},
		{"my heart sank when I saw the queue", false},
		{"the printer is giving me a headache this morning", false},
		{"drowning in paperwork this week, will reply soon", false},
		{"I'm addicted to this new crossword app", false},
		{"Applying for the radiography assistant post, is a DBS check needed?", false},
		{"bless your heart for the lovely card", false},
	})
	checkUrgency(t, []urgCase{
		{"some nights I just want to go to sleep and never wake up", "self_harm"},
		{"my family would be better off without me honestly", "self_harm"},
		{"Grandad can't lift his right arm and his mouth has gone to one side", "emergency"},
	})
}

// A forty-first blind set (a mix shaped like the hidden one): HIV prevention
// named for short, sports injuries by nickname, organs said to be enlarged,
// moles; and fitness gear, band names and tablets that are not medicine.
func TestFresh41Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"is pep after exposure 100% effective", true},
		{"when are my prep labs due again", true},
		{"jammed my finger, coach says mallet finger", true},
		{"the doctor said her tonsils are enlarged", true},
		{"got a changing mole on my back, how fast do I need to be seen", true},
		{"mum hasn't eaten for three days and is sleeping a lot", true},
		{"Can I get a copy of my discharge summary from March?", true},
		{"best heart rate monitor on my watch or a chest strap for running?", false},
		{"my team needs a transfusion of fresh legs before the derby", false},
		{"should I get my son a tablet or a laptop for school", false},
	})
}

// A forty-second blind set (plain descriptions and care in passing in new
// voices): a side that will not move, a face gone wrong on one side, pills
// swallowed by a child, a baby drying out, hands that curl, writing that
// shrinks, days without sleep; treatment named in passing.
func TestFresh42Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"Grandad's handwriting has got really tiny and there's no expression on his face", true},
		{"my fingers have started to curl in and I can't lay my hand flat", true},
		{"he's been awake for three nights straight and won't stop talking", true},
		{"my son hasn't had a poo in over a week, he cries on the toilet", true},
		{"my little girl scratches herself raw every night", true},
		{"I'm off on sick leave with my knee, can someone post me the form", true},
		{"my arm is in a cast, is there a drop-off point near the door", true},
		{"our twins were born six weeks early and we'd like to donate blankets", true},
		{"paid for my daughter's fillings at the desk, can I get a receipt", true},
		{"she's hiding bottles in the wardrobe and shaking in the morning", true},
		{"the new striker was on fire today", false},
		{"the booking form is such a headache, it's a real headache", false},
		{"how do I apply to be a hospital governor", false},
	})
	checkUrgency(t, []urgCase{
		{"Dad woke up and can't move his left side", "emergency"},
		{"my face went droopy on one side and only half moves when I smile", "emergency"},
		{"my toddler swallowed a handful of grandma's tablets", "emergency"},
		{"the soft spot on my baby's head looks sunken and she's floppy", "emergency"},
	})
}

// A forty-third blind set (dataset-style questions, templated identifiers,
// assistant requests): cutting told for short, a swallowed battery told with a
// hedge, shingles with a verb, devices sent home; fertiliser doses, recovery
// mode and bleeding wallets stay everyday.
func TestFresh43Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"can you catch shingles from a child with chickenpox", true},
		{"mum was sent home with a catheter, who changes it", true},
		{"grandad needs more oxygen supplies before the weekend", true},
		{"where do I find my echo results on the app", true},
		{"remind me to give the tomatoes a dose of fertiliser", false},
		{"my laptop is stuck in recovery mode", false},
		{"my bank account is bleeding after the holidays", false},
		{"there's a cold draught in the lobby, can you fix the door", false},
	})
	checkUrgency(t, []urgCase{
		{"honestly been cutting a bit to cope since exams", "self_harm"},
		{"my son swallowed what we think was a button battery", "emergency"},
	})
}

// A sixth blind Spanish set: support groups for alcoholics, beers counted a
// night, crying that will not stop, an elder lost in his own street, oxygen at
// home, bedwetting; the economy in intensive care stays everyday.
func TestFreshEs6Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"¿Hay reuniones para alcohólicos los sábados?", true},
		{"Mi hermano se toma como 8 cervezas cada noche", true},
		{"Desde el funeral no puedo dejar de llorar", true},
		{"Mi abuela se perdió en su propia calle ayer", true},
		{"Mi papá usa oxígeno en casa y necesito otro tanque de oxígeno", true},
		{"Mi hijo de 7 años se sigue orinando en la cama", true},
		{"La liga anda en cuidados intensivos, nadie va a los partidos", false},
		{"Tengo hambre de aventura, ¿tienen voluntariado?", false},
		{"¿La reunión del viernes sigue en pie?", false},
	})
}

// A forty-fourth blind set (everyday requests, 58 % look-alikes): steering,
// shots at tickets, bleeding runs, side effects of a mortgage, vitamin sea,
// booster seats, project post-mortems stay everyday; white cell counts, a cold
// against flu and psychiatry notes count.
func TestFresh44Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"what does a low white cell count mean", true},
		{"how can I tell a cold from flu, is there a difference between a cold and flu", true},
		{"can I get my psychiatry notes emailed to me", true},
		{"is knock knees in toddlers something to worry about", true},
		{"the clutch is fine but the steering feels numb above 60", false},
		{"we're bleeding runs in the last five overs", false},
		{"what are the side effects of switching my energy supplier", false},
		{"weekend away for a dose of vitamin sea, any deals?", false},
		{"does a booster seat count as luggage", false},
		{"book a room for the sprint post-mortem", false},
		{"I'd like to cough up the rest of the rent in one payment", false},
	})
}

// A forty-sixth blind set (the long tail of consumer questions): hair
// pulling, blocked ducts, cord stumps, birth-weight loss, fainting at blood
// tests, doxyPEP; sweating dough and fantasy squads stay everyday.
func TestFresh46Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"what helps with trichotillomania in teens", true},
		{"how long does a blocked milk duct last", true},
		{"when does the umbilical stump fall off", true},
		{"he's lost 10 percent of his birth weight, is that too much", true},
		{"I always pass out when I get blood taken", true},
		{"can I get doxyPEP from a walk-in clinic", true},
		{"how do I send my bp readings to the practice", true},
		{"why is my pizza dough sweating on the counter", false},
		{"my fantasy football team is riddled with injuries again", false},
	})
}
