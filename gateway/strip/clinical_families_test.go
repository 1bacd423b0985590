package strip

import "testing"

// Tables for the lay families of care_history.taking, symptom.effects,
// symptom.withdrawal and mental_health.behaviour (lexicon/en): each message
// must be clinical and the given words must be gone. Sentences written for
// these tests.
func TestLayFamiliesMore(t *testing.T) {
	s := Default()
	cases := [][2]string{
		// medicine-taking talk with a pronoun or a generic object
		{"I'm going to continue taking it for another month", "continue taking it"},
		{"she went back on the pills after a week", "went back on the pills"},
		{"since I started taking them I sleep badly", "started taking them"},
		{"I'm trying to wean myself off it", "wean myself off it"},
		{"should I take it with food or on an empty stomach", "take it with food"},
		{"what if I took my pill twice by accident", "took my pill twice"},
		{"I forgot to take my pills this morning", "forgot to take my pills"},
		{"can I cut the tablet in half", "cut the tablet in half"},
		{"do not stop cold turkey", "stop cold turkey"},
		{"I am so glad to be off of it", "glad to be off of it"},
		{"my psychiatrist put me back on the meds", "put me back on the meds"},
		{"I took it for four years and then quit", "took it for four years"},
		{"I loved how I felt while I was taking it", "while i was taking it"},
		{"I've tried taking it in the am and in the pm", "taking it in the am"},
		// lay side effects and symptoms
		{"I can barely remember anything these days", "barely remember anything"},
		{"I felt very strange all afternoon", "felt very strange"},
		{"I feel spacey and out of it", "spacey"},
		{"it feels like I'm vibrating inside", "like i'm vibrating"},
		{"the combination makes me itch all over", "itch all over"},
		{"I spend all day in bed on weekends now", "spend all day in bed"},
		{"last night I jolted awake at 3", "jolted awake"},
		{"I couldn't stop myself from eating sweets", "couldn't stop myself from eating sweets"},
		{"I never feel full anymore", "never feel full"},
		{"this is the heaviest I've ever been", "heaviest i've ever been"},
		{"I am lucky to get 4 hours a night", "lucky to get 4 hours"},
		// withdrawal and dependence
		{"the withdrawal was awful", "withdrawal was awful"},
		{"worst withdrawal ever", "worst withdrawal"},
		{"I'm going through withdrawal again", "going through withdrawal"},
		{"the withdrawal headaches lasted a week", "withdrawal headaches"},
		{"is it habit forming?", "habit forming"},
		// mood and behaviour
		{"I get mad easily since the new dose", "get mad easily"},
		{"I worry myself sick about everything", "worry myself sick"},
		{"I just don't care about anything anymore", "don't care about anything anymore"},
		{"my personality changed completely", "personality changed completely"},
		{"I've been pushing people away", "pushing people away"},
		{"I lost touch with all my friends", "lost touch with all my friends"},
		{"crying over nothing every evening", "crying over nothing"},
		{"I was just existing, not living", "just existing"},
		{"I wash my hands 100 times a day", "wash my hands 100 times"},
		{"I'm nervous around other people", "nervous around other people"},
		// sexual function, broken bones, the doctor's word
		{"I have no sexual drive at all", "sexual drive"},
		{"I can get turned on but no release", "turned on but no release"},
		{"how do you know if you broke a bone", "broke a bone"},
		{"the doc said it takes six weeks", "doc said"},
		// consumer-health question topics without a diagnosis
		{"my toddler drank some bleach, what do I do", "drank some bleach"},
		{"what are the early signs of labor", "early signs of labor"},
		{"how early can you find out the gender of the baby", "gender of the baby"},
		{"what is a normal temperature for a newborn", "normal temperature for a newborn"},
		{"why do my knees crack when I climb stairs", "knees crack"},
		{"why do I pee so much at night", "pee so much at night"},
		{"how do I know if my son needs glasses", "son needs glasses"},
		{"my baby hasn't rolled over yet", "hasn't rolled over yet"},
		{"my legs jerk when I fall asleep", "legs jerk when i fall asleep"},
		{"what is the life expectancy with heart failure", "life expectancy with"},
	}
	checkRemoved(t, s, cases)
}

// Everyday sentences that share words with the new families stay harmless:
// idioms that start like a taking phrase (lexicon/en/safe.taking.txt), bank
// withdrawals, everyday worry and memory talk.
func TestLayFamiliesMoreHarmless(t *testing.T) {
	checkDecisions(t, nil, []string{
		"I've been taking it easy this weekend",
		"I kept taking it personally when they ignored my emails",
		"I've been on it for hours trying to reach support",
		"we got off it at the next stop",
		"I'll keep taking it to the shop until they fix it",
		"the withdrawal was declined twice",
		"my withdrawal hit my account yesterday",
		"I'm in the middle of the withdrawal process",
		"how many withdrawals can I make per month",
		"we went back on the deal",
		"prices are completely out of control",
		"my car broke down again",
		"I avoid people who talk loudly on the train",
		"the app crashes every afternoon",
		"can I exchange these jeans for a bigger size",
		"I went cold on the idea of moving",
		"is this game addictive",
		"we're expecting a delivery this afternoon",
		"we need glasses of water at table four",
		"when is the payment due date",
		"what's the survival rate for new restaurants",
		"my 401k hasn't rolled over yet",
		"I need contacts for my sales team",
		"I took it for 3 days on a road trip",
		"the stock is doing well on it",
		"the alarm was going off it was so loud",
		"while taking it apart I lost a screw",
	})
}

// A context phrase longer than a term that starts at the same word does not
// hide the term ("medication for" is a licensing phrase, "medication" a term).
func TestContextPhraseDoesNotHideTerm(t *testing.T) {
	checkDecisions(t, []string{
		"I take medication for that",
		"she needs medicine for it",
	}, nil)
}
