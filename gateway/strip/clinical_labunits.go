package strip

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
