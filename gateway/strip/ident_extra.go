package strip

// identExtraOff disables the gazetteer and cue based identifier matchers of
// the ident_*.go files (tests and benchmarks compare with and without them).
var identExtraOff bool

// matchIdentExtra runs the gazetteer and cue based identifier matchers
// (ident_*.go) inside findIdentifiers, after the pattern matchers and
// before addresses are extended.
func (s *Stripper) matchIdentExtra(text string, sc *scratch) {
	if identExtraOff {
		sc.gk = sc.gk[:0]
		return
	}
	defaultGazetteer().prepareTokens(sc)
	s.matchLabelledNames(sc)
	s.matchMorePhones(sc)
	s.matchLastDigits(sc)
	s.matchIntlStreets(sc)
	s.matchSpanishHouseNumbers(sc)
	s.matchInstitutionsOf(sc)
	s.matchPlaces(sc)
	s.matchTitleCues(sc)
	s.matchPostalCodes(sc)
	s.matchMoreAges(sc)
}

// matchIdentLate runs after the engine's address extension: corners,
// postal blocks and country lines.
func (s *Stripper) matchIdentLate(text string, sc *scratch) {
	if identExtraOff {
		return
	}
	s.matchMilitaryAddresses(sc)
	s.matchCornerStreets(sc)
	s.growAddressBlocks(sc)
	s.matchCountryBlocks(sc)
	s.matchYears(sc)
	s.codePrefixes(sc)
}

// identWarmUp loads the gazetteers and the English word list, so that the
// first message does not pay for it.
func identWarmUp() {
	defaultGazetteer()
	englishWords()
}
