package strip

import (
	"strconv"
	"strings"
)

// Lab values carry their own proof: a number followed by a concentration or
// rate unit ("hemoglobin 8.1 g/dL", "PSA went from 4.1 to 6.3 ng/mL",
// "potassium 5.9 mmol/L", "eGFR 48 mL/min") is a test result, whatever the
// analyte is called and whether or not the analyte's name is known. The
// units are mass, molar or enzyme amounts over a volume (or a volume over
// time); nothing in everyday text is written that way.

// labMass: the amount part of a lab unit.
var labMass = map[string]bool{
	"g": true, "mg": true, "ng": true, "pg": true, "mcg": true, "ug": true, "µg": true, "μg": true,
	"mmol": true, "umol": true, "µmol": true, "μmol": true, "nmol": true, "pmol": true, "meq": true,
	"iu": true, "u": true, "miu": true, "uiu": true, "µiu": true, "cells": true, "ml": true, "copies": true,
}

// labVolume: the volume (or time) part of a lab unit.
var labVolume = map[string]bool{
	"dl": true, "ml": true, "l": true, "ul": true, "µl": true, "μl": true, "mm3": true, "min": true, "24h": true,
}

// labUnitValues marks "<number> <amount>/<volume>" as a test result.
func (s *Stripper) labUnitValues(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	for i := 0; i+3 < n; i++ {
		if toks[i].kind != tkNum || sc.cover[i] != 0 {
			continue
		}
		j := i + 1
		if !labMass[toks[j].norm] || toks[j+1].norm != "/" || toks[j+1].flags&fSpace != 0 ||
			toks[j+2].flags&fSpace != 0 || !labVolume[toks[j+2].norm] {
			continue
		}
		if toks[j].norm == "ml" && toks[j+2].norm != "min" {
			continue // "ml/ml" is no lab unit; mL/min is a filtration rate
		}
		if sc.free(i, j+3) {
			sc.add(i, j+3, s.cTest)
			i = j + 2
		}
	}
}

// valueAfter: a number follows token e, right away or after a linking word
// ("is", "was", "of", "at", ":", "came back"). Any number will do after a lab
// analyte (framed: "potassium 5.8", "psa 4.5"); after a vital-sign word that
// is everyday too it must be a plausible reading ("oxygen 91 percent", "temp
// 100.4", "pulse 120"; not "temperature 75 outside" at room range, not "o2
// contract 24 months").
func (s *Stripper) valueAfter(sc *scratch, e int, analyte bool) bool {
	toks := sc.tb.toks
	n := len(toks)
	j := e
	for k := 0; k < 2 && j < n && toks[j].kind != tkNum; k++ {
		if !toks[j].is(wcValueLink) && toks[j].norm != ":" && toks[j].norm != "=" {
			return false
		}
		j++
	}
	if j >= n || toks[j].kind != tkNum {
		return false
	}
	if analyte {
		return true
	}
	v, err := strconv.ParseFloat(toks[j].norm, 64)
	if err != nil {
		return false
	}
	switch toks[e-1].norm {
	case "oxygen", "o2", "sats", "sat", "spo2":
		return v >= 60 && v <= 100 && j+1 < n && (toks[j+1].norm == "%" || toks[j+1].norm == "percent")
	case "temp", "temperature", "fever":
		return v >= 95 && v <= 108 || v >= 35 && v <= 42.5 && strings.Contains(toks[j].norm, ".")
	case "pulse", "hr":
		return v >= 30 && v <= 230
	}
	return false
}

// capsAnalyteValue: an anchor-only test abbreviation of one token written in
// capitals inside mixed-case text ("ALT 78", "CK at 900", "LH was 12") with a
// number after it that is no quantity of something else ("ALT 78 km", "CK 2
// tickets"). Lower-case "alt 78" and "ck 2" stay unread: they are keyboard
// keys and brand sizes more often than lab results.
func (s *Stripper) capsAnalyteValue(sc *scratch, ts, te int) bool {
	toks := sc.tb.toks
	n := len(toks)
	if te != ts+1 || toks[ts].flags&fAllCap == 0 || mostlyCaps(toks) {
		return false
	}
	if l := len(toks[ts].norm); l < 2 || l > 6 {
		return false
	}
	if !s.valueAfter(sc, te, true) {
		return false
	}
	j := te
	for j < n && toks[j].kind != tkNum {
		j++
	}
	// one digit is a key or a route ("ALT 4", "the ALT 2 route"), not a result
	if len(toks[j].norm) < 2 {
		return false
	}
	// two letters right before a whole number of three or more digits is a
	// flight or a code ("UA 1427", "flight BA 286")
	if len(toks[ts].norm) == 2 && j == te && len(toks[j].norm) >= 3 && !strings.ContainsAny(toks[j].norm, ".,") {
		return false
	}
	if ts > 0 && (toks[ts-1].norm == "flight" || toks[ts-1].norm == "train" || toks[ts-1].norm == "bus" || toks[ts-1].norm == "route" || toks[ts-1].norm == "gate") {
		return false
	}
	if j+1 < n && toks[j+1].kind == tkWord && toks[j+1].flags&fSpace != 0 && everydayUnit[toks[j+1].norm] {
		return false
	}
	return true
}

// everydayUnit: words after a number that make it a count or measure of
// everyday things rather than a lab value.
var everydayUnit = map[string]bool{
	"km": true, "mi": true, "miles": true, "mph": true, "kph": true, "minutes": true, "mins": true, "hours": true,
	"hrs": true, "days": true, "weeks": true, "months": true, "years": true, "tickets": true, "people": true,
	"pm": true, "am": true, "dollars": true, "usd": true, "pounds": true, "euros": true, "points": true,
	"percent": true, "gb": true, "mb": true, "tb": true, "fps": true, "hz": true, "seats": true, "items": true,
}
