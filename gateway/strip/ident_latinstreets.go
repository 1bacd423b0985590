package strip

// Latin-American addresses name the street's type first and write the house
// number after a marker: "Calle 70 No. 8-15", "Carrera 15 # 93A-62",
// "Cra. 7 #45-10", "Av. Arequipa 1520", "Jr. Huallaga 732", "Diagonal 40A Sur
// # 12-30". matchLatinStreets claims such a street before the number patterns
// read its "8-15" as a range or its "# 93A-62" as a code; extendAddresses then
// carries the finding over the unit and city that follow ("apto 302, Medellín").

// latinStreetWords open such an address. Abbreviations need a capital.
var latinStreetWords = map[string]bool{
	"calle": true, "carrera": true, "transversal": true, "diagonal": true, "avenida": true,
	"jiron": true, "jirón": true, "pasaje": true, "callejon": true, "callejón": true, "calzada": true,
	"privada": true, "cerrada": true, "andador": true, "prolongacion": true, "prolongación": true,
	"circunvalar": true, "autopista": true,
}

// latinStreetAbbrev: abbreviations of the same, only when capitalised ("Cra.",
// "Av.", "Jr."); "jr" after a name is a suffix, so these must not follow a
// capitalised word.
var latinStreetAbbrev = map[string]bool{
	"cra": true, "kr": true, "cl": true, "cll": true, "tv": true, "dg": true, "jr": true,
	"psje": true, "av": true, "avda": true, "calz": true, "prol": true,
}

// latinStreetsNumbered: types whose streets are numbered ("Calle 70"), so a
// capitalised type and a number make a street without a house number.
var latinStreetsNumbered = map[string]bool{
	"calle": true, "carrera": true, "transversal": true, "diagonal": true, "avenida": true,
	"cra": true, "kr": true, "cl": true, "cll": true, "tv": true, "dg": true, "av": true,
}

// houseMarkers write "number" before a house number ("No. 8-15", "Nº 23").
var houseMarkers = map[string]bool{"no": true, "nro": true, "num": true, "numero": true, "número": true, "n": true, "nº": true, "n°": true}

// streetQuarters follow a street's number ("Calle 40 Sur").
var streetQuarters = map[string]bool{"sur": true, "norte": true, "este": true, "oeste": true, "bis": true}

func numberish(t *token) bool {
	return (t.kind == tkNum || t.kind == tkWord && t.flags&fDigit != 0) && len(t.norm) <= 6
}

func (s *Stripper) matchLatinStreets(sc *scratch) {
	toks := sc.tb.toks
	n := len(toks)
	if sc.tb.anyCls&(wcLatinStreet|wcLatinAbbrev) == 0 {
		return
	}
	for i := 0; i+1 < n; i++ {
		t := &toks[i]
		if t.kind != tkWord || sc.cover[i] != 0 || t.cls&(wcLatinStreet|wcLatinAbbrev) == 0 {
			continue
		}
		abbrev := t.cls&wcLatinAbbrev != 0
		capital := t.flags&fCap != 0 && t.flags&fAllCap == 0
		if abbrev && !capital {
			continue
		}
		if abbrev && i > 0 && toks[i-1].kind == tkWord && toks[i-1].flags&fCap != 0 && toks[i].flags&fNewline == 0 {
			continue // "Martin Luther King Jr."
		}
		j := i + 1
		if j < n && toks[j].norm == "." {
			j++
		}
		// the street's name: up to four words, or none before a number
		k := j
		for k < n && k-j < 4 && toks[k].kind == tkWord && toks[k].flags&(fDigit|fNewline) == 0 && sc.cover[k] == 0 {
			k++
		}
		if k > j && toks[j].flags&fCap == 0 && !(k > j+1 && toks[j+1].flags&fCap != 0) {
			continue // "calle muy oscura 3 veces": a name is capitalised
		}
		if k >= n || !numberish(&toks[k]) || toks[k].flags&fNewline != 0 || sc.cover[k] != 0 {
			continue
		}
		end := k + 1
		if end < n && streetQuarters[toks[end].norm] && toks[end].flags&fNewline == 0 {
			end++
		}
		// "No. 8-15", "# 93A-62", "#23-10"
		marked := false
		if m := end; m < n && (toks[m].norm == "#" || houseMarkers[toks[m].norm]) && toks[m].flags&fNewline == 0 {
			m++
			for m < n && (toks[m].norm == "." || toks[m].norm == "º" || toks[m].norm == "°") {
				m++
			}
			if m < n && numberish(&toks[m]) {
				m++
				if m+1 < n && toks[m].norm == "-" && numberish(&toks[m+1]) && toks[m].flags&fSpace == 0 {
					m += 2
				}
				end, marked = m, true
			}
		}
		switch {
		case marked:
		case k > j && capital: // "Av. Arequipa 1520", "Jr. Huallaga 732"
		case k == j && capital && latinStreetsNumbered[t.norm]: // "Calle 70"
		default:
			continue
		}
		if sc.free(i, end) {
			sc.add(i, end, s.ic.address)
			i = end - 1
		}
	}
}
