package strip

import "testing"

// Families of the session-10 blind set fresh53 (a hidden-like mix), written
// anew for the test.
func TestFresh53Families(t *testing.T) {
	checkClinical(t, []clinCase{
		{"she's been waiting 8 months for neurology, can you chase it?", true},
		{"still waiting for cardiology after the referral", true},
		{"I keep getting letters about my urology follow-up", true},
		{"my waters are trickling, 37 weeks, do I come in?", true},
		{"the update gave my laptop a fever, it's roasting", false},
		{"we had to surgically remove every typo from the brochure", false},
		{"this tax return is a real pain with all the forms", false},
		{"a bit under the weather about the election results", false},
		{"total cardiac arrest in the finance department when the invoice came", false},
		{"our wi-fi has been sick since Monday", false},
	})
}
