package strip

import "testing"

// Spanish families found missing by the eighth Spanish blind set, written again
// in other words: each clinical family beside the everyday look-alikes that must
// stay harmless.
func TestFreshEs8Families(t *testing.T) {
	checkClinical(t, []clinCase{
		// Spain's pharmacy brands and more Latin-American ones (medication.marcas)
		{"anoche le di Apiretal a la niña y sigue igual", true},
		{"¿cada cuántas horas se puede dar Dalsy a un niño de cuatro años?", true},
		{"mi madre toma Adiro y Seguril por las mañanas", true},
		{"el médico de cabecera me mandó Enantyum para la muela", true},
		{"llevo tres noches tomando Orfidal para dormir", true},
		{"se me acabó el Trankimazin y no me lo quieren vender sin receta", true},
		{"¿el Almax se puede tomar junto con el Pantecta?", true},
		{"compré Frenadol y Couldina en la farmacia de la esquina", true},
		{"le pusieron Urbason en vena y luego Dacortin en pastillas", true},
		{"mi suegra toma Lexatin desde hace años", true},
		{"le di Desenfriolito en la noche", true},
		{"¿el XL-3 lo pueden tomar los niños?", true},
		{"el pediatra le recetó Clamoxyl para la otitis", true},
		{"mi tía de Bogotá toma Apronax para la espalda", true},
		{"el halibut a la plancha estaba buenísimo", false},
		{"el spray Reflex de la tienda de deportes está en oferta", false},
		{"mi vecino Foster me presta su escalera", false},
		// diminutives and home words for symptoms (symptom.diminutivos)
		{"la peque amaneció con una fiebrecilla", true},
		{"mi nieto trae una gripita desde el lunes", true},
		{"le quedó una tosesita que no lo deja dormir", true},
		{"el bebé tiene la colita rozada y llora al cambiarlo", true},
		{"amaneció con los ojitos rojos y pegados", true},
		{"tengo unas décimas desde ayer por la tarde", true},
		{"le salieron fueguitos en los labios", true},
		{"el atleta ganó por unas décimas de segundo", false},
		{"ando con fiebre de rebajas este fin de semana", false},
		// tests: antigen and quick tests, the lines of a home test, drawing blood,
		// a lab value with the verb first, imaging of a body part, vaccination records
		{"¿dónde venden test de antígenos cerca del metro?", true},
		{"en la prueba casera se marcaron dos rayitas", true},
		{"apareció una rayita muy clarita, ¿cuenta como positivo?", true},
		{"el jueves me tienen que sacar sangre en ayunas", true},
		{"a mi papá le sacaban sangre cada semana", true},
		{"en el hospital le bajó el sodio a mi abuela", true},
		{"se le subió el potasio y lo dejaron en observación", true},
		{"le bajaron las defensas después de la quimio", true},
		{"el traumatólogo pidió resonancia de hombro", true},
		{"¿me mandan una copia de la cartilla de vacunación de mi hijo?", true},
		{"perdí el carnet de vacunas de mi hija", true},
		{"me piden el certificado de vacunación covid para viajar", true},
		{"dibujé dos rayitas en la hoja para separar las columnas", false},
		{"la carne vacuna subió de precio", false},
		{"necesito el carnet de conducir para rentar el auto", false},
		// care history: going back to hospital, the medication list, glucose strips
		{"a mi suegro lo volvieron a internar anoche", true},
		{"dicen que van a tener que hospitalizarla otra vez", true},
		{"quieren internar a mi abuelita por la neumonía", true},
		{"¿me pueden imprimir la lista de medicamentos de mi papá?", true},
		{"por favor traigan sus medicamentos el día de la consulta", true},
		{"el seguro ya no me cubre las tiras para medir el azúcar", true},
		{"mi hijo quiere internarse en la selva con los scouts", false},
		{"hice la lista de invitados para la boda", false},
		// breaking a bone, first and third person
		{"me rompí la nariz jugando básquet", true},
		{"mi hermano se quebró la clavícula en la moto", true},
		{"se fracturó la tibia al bajar del camión", true},
		{"me he roto el menisco esquiando", true},
		{"le rompieron la nariz a mi sobrino en la escuela", true},
		{"me partí el labio con la puerta", true},
		{"se rompió el espejo del baño", false},
		{"me partí de risa con la película", false},
		{"se rompió la cabeza pensando en el acertijo", false},
		// cocaine called "perico" with a verb of use, and alcohol with medicines
		{"mi primo se mete perico cuando sale de fiesta", true},
		{"encontré una bolsita de perico en su mochila", true},
		{"¿qué pasa si mezclas perico con alcohol?", true},
		{"¿es peligroso mezclar las pastillas para dormir con alcohol?", true},
		{"¿se puede tomar vino con el antibiótico?", true},
		{"¿puedo beber cerveza mientras tomo la medicina?", true},
		{"el perico de mi abuela ya dice hola", false},
		{"pedí huevos pericos con arepa", false},
		{"me encanta el ron con coca", false},
		// grief with help, and a low mood that does not lift
		{"¿conocen algún grupo de apoyo para el duelo?", true},
		{"a mi hermana le recomendaron terapia de duelo", true},
		{"desde que falleció mi hijo no logro levantar cabeza", true},
		{"mi papá no levanta cabeza desde que murió mi mamá", true},
		{"el equipo sigue sin levantar cabeza en la liga", false},
		{"no levanto cabeza con tanto trabajo este mes", false},
		{"el duelo de penales fue emocionante", false},
		// figurative allergies, heart attacks, cuts and intensive care (context/es/safe)
		{"me da alergia tanto trámite", false},
		{"me dio alergia la burocracia del ayuntamiento", false},
		{"me da un infarto cada vez que abro la factura de la luz", false},
		{"me va a dar un soponcio con estos precios", false},
		{"se corta la señal en el sótano", false},
		{"el wifi se corta cada cinco minutos", false},
		{"mi tarjeta de crédito está en terapia intensiva", false},
		{"me da alergia la penicilina", true},
		{"me dio un infarto hace dos años", true},
		{"mi hija se corta los brazos", true},
	})
}

// The clinical words of each family do not survive in the redacted text.
func TestFreshEs8Removed(t *testing.T) {
	checkRemoved(t, Default(), [][2]string{
		{"le di Dalsy porque tenía fiebre", "dalsy"},
		{"me tomé un Nolotil para el dolor", "nolotil"},
		{"el niño tiene una fiebrecilla", "fiebrecilla"},
		{"me hice una prueba de antígenos", "antígenos"},
		{"salieron dos rayitas en la prueba", "rayitas"},
		{"mañana me van a sacar sangre", "sangre"},
		{"le bajó el sodio a mi tío", "sodio"},
		{"necesito la cartilla de vacunación", "vacunación"},
		{"lo van a volver a internar", "internar"},
		{"se acabaron las tiras de glucosa", "glucosa"},
		{"mi hija se rompió la nariz", "nariz"},
		{"mi novio consume perico", "perico"},
		{"busco un grupo de apoyo para el duelo", "duelo"},
		{"no levanto cabeza desde el divorcio", "levanto cabeza"},
	})
}
