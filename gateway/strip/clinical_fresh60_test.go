package strip

import "testing"

// Families of the session-10 third-round weak-kinds set fresh60, written anew.
func TestFresh60Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"30 weeks and the baby hasn't been moving as much today", true},
		{"my sister just had twins, can we visit tonight?", true},
		{"since the baby was born I cry all day", true},
		{"she came early and spent three weeks in special care", true},
		{"her nipple has started pulling inwards", true},
		{"grandad keeps wandering out of the house at night", true},
		{"my wife's arm is in a sling, is there help with the door?", true},
		{"I nod off at red lights even after a full night", true},
		{"nan has gone off her food and keeps dozing in her chair", true},
		{"his socks leave deep dents in his ankles", true},
		{"she hears hymns playing in her head all day", true},
		{"I lost the hearing in my left ear overnight", true},
		{"my throat closes up whenever I'm in a lift", true},
		{"something went in my back lifting the sofa", true},
		{"I get the shakes if I haven't had a drink by noon", true},
		{"my husband was shaky after his hypo", true},
		{"he can't video call since his tonsil op", true},
		{"I'm on crutches, is the lift working?", true},
		{"my uncle's on a drip, which entrance after 8pm?", true},
		{"the show has been on a drip since it changed channels", false},
		{"thank you to everyone who looked after my grandad", false},
		{"team Bad Medicine won the quiz", false},
		{"the screen has dead pixels, looks like measles", false},
		{"your new logo gives me a headache", false},
		{"can I photograph the old fever hospital gatehouse?", false},
		{"I nearly fainted when I saw the price of a sandwich", false},
		{"my broker says the market is in recovery", false},
	})
}
