package strip

// identCats are the identifier categories' ids, resolved once per Stripper:
// the matchers run on every message (and some test a category per span), and
// a map probe by name there cost more than the matching on short messages.
type identCats struct {
	address      catID // "address"
	age          catID // "age"
	date         catID // "date"
	email        catID // "email"
	handle       catID // "handle"
	id           catID // "id"
	ip           catID // "ip"
	location     catID // "location"
	nationality  catID // "nationality"
	occupation   catID // "occupation"
	organization catID // "organization"
	phone        catID // "phone"
	ssn          catID // "ssn"
	url          catID // "url"
	zip          catID // "zip"
}

func newIdentCats(k *knowledge) identCats {
	return identCats{
		address:      k.catIndex["address"],
		age:          k.catIndex["age"],
		date:         k.catIndex["date"],
		email:        k.catIndex["email"],
		handle:       k.catIndex["handle"],
		id:           k.catIndex["id"],
		ip:           k.catIndex["ip"],
		location:     k.catIndex["location"],
		nationality:  k.catIndex["nationality"],
		occupation:   k.catIndex["occupation"],
		organization: k.catIndex["organization"],
		phone:        k.catIndex["phone"],
		ssn:          k.catIndex["ssn"],
		url:          k.catIndex["url"],
		zip:          k.catIndex["zip"],
	}
}
