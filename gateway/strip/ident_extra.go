package strip

// identExtraOff disables the gazetteer and cue based identifier matchers of
// the ident_*.go files (tests and benchmarks compare with and without them).
var identExtraOff bool

// matchIdentExtra runs the gazetteer and cue based identifier matchers
// (ident_*.go) inside findIdentifiers, after the pattern matchers and
// before addresses are extended.
// dig tells whether the message has a digit-bearing token (hasDigit).
func (s *Stripper) matchIdentExtra(text string, sc *scratch, dig bool) {
	if identExtraOff {
		sc.gk = sc.gk[:0]
		return
	}
	defaultGazetteer().prepareTokens(sc)
	num := dig && hasNumber(sc)
	s.matchLabelledNames(sc)
	s.matchCredentials(text, sc) // ident_credentials.go
	if num {
		s.matchMorePhones(sc)
		s.matchLastDigits(sc)
	}
	if dig {
		s.matchIntlStreets(sc) // every form ends in a house number
	}
	if num {
		s.matchWordNumberStreets(sc) // ident_tails.go
		s.matchSpanishHouseNumbers(sc)
	}
	s.matchInstitutionsOf(sc)
	s.matchPlaces(sc)
	s.matchTitleCues(sc)
	if dig {
		s.matchDashCodes(sc) // ident_codes.go
	}
	if dig {
		s.matchUKCanadaPostcodes(text, sc) // ident_postcodes.go
	}
	if num {
		s.matchPostalCodes(sc)
		s.matchMoreAges(sc) // every age is a number token
	}
	if sc.tb.anyCls&wcSpelledNum != 0 {
		s.matchSpelledAges(sc) // ident_ages.go
	}
}

// hasNumber reports whether the message has a number token: the matchers that only ever
// remove or anchor on numbers (phones, last digits, house numbers, postal codes, years)
// are skipped without one, which most messages are.
func hasNumber(sc *scratch) bool {
	for i := range sc.tb.toks {
		if sc.tb.toks[i].kind == tkNum {
			return true
		}
	}
	return false
}

// hasDigit reports whether any token holds a digit (numbers, "5th", "12b",
// "XJ448213"): houseNumber, isOrdinal and the digit-run pass need one.
func hasDigit(sc *scratch) bool { return sc.tb.anyFlags&fDigit != 0 }

// matchIdentLate runs after the engine's address extension: corners,
// postal blocks and country lines.
func (s *Stripper) matchIdentLate(text string, sc *scratch) {
	if identExtraOff {
		return
	}
	s.matchMilitaryAddresses(sc)
	s.matchCornerStreets(sc)
	s.growAddressBlocks(sc)
	s.matchAddressPlaceTail(sc)
	s.matchCountryBlocks(sc)
	if hasNumber(sc) {
		s.matchYears(sc)
	}
	s.codePrefixes(sc)
}

// identWarmUp loads the gazetteers and the English word list, so that the
// first message does not pay for it.
func identWarmUp() {
	defaultGazetteer()
	englishWords()
}
