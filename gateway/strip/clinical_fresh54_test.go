package strip

import "testing"

// Families of the session-10 blind set fresh54 (plain descriptions, care in
// passing, look-alikes in the same voices), written anew for the test.
func TestFresh54Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"can my husband use the disabled bays? he has MS", true},
		{"my son has CP and uses a walker", true},
		{"she had a PE after the flight", true},
		{"we had PE today and I forgot my trainers", false},
		{"do you have MS Teams on the ward laptops?", false},
		{"I think I felt flutters in my tummy at 18 weeks", true},
		{"is that the baby kicking already?", true},
		{"I binge on biscuits every night and hate myself after", true},
		{"it feels like ants crawling under my skin", true},
		{"can't feel the soles of my feet when I walk", true},
		{"red hot patch on his calf, I drew round it in pen", true},
		{"door frames look wavy when I close one eye", true},
		{"I'm constantly thirsty and up all night weeing", true},
		{"she keeps pulling her eyebrows out when she's anxious", true},
		{"nothing feels real since the accident, like watching my life through glass", true},
		{"my teenager hasn't left his room in two weeks", true},
		{"dad's memory is slipping, he left the gas on again", true},
		{"mum keeps seeing children in the house who aren't there", true},
		{"she's really floppy and won't feed, only one wet nappy since lunch", true},
		{"my ankle went over on the step and it's gone purple and swollen", true},
		{"can we bring flowers to intensive care?", true},
		{"lost my dental retainer in the car park", true},
		{"still in a boot after my Achilles rupture, is there a drop-off point?", true},
		{"she's the best, she always finds my veins first time", true},
		{"our band is called The Migraines, can we play the summer fete?", false},
		{"I'm a Cancer so I cry at adverts lol", false},
		{"I'm a cancer survivor and want to volunteer", true},
		{"I'll be a pacemaker for the 4-hour group at the marathon", false},
		{"your login page has an injection vulnerability", false},
		{"double shot oat latte please, need my caffeine fix", false},
		{"the queue system is a proper headache", false},
		{"use a semicolon where a colon should go", false},
		{"are the check-in tablets Android or iPads?", false},
	})
}
