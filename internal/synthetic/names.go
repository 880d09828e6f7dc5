package synthetic

import (
	"math/rand/v2"
	"strings"
)

// Names are built from a small word list: made-up place names (a tree or
// animal and a landform, as Finnish place names are) and the words ESF
// projects are named with. They look Finnish and name nothing real.

var placeFirst = []string{"Koivu", "Kuusi", "Mänty", "Haapa", "Leppä", "Pihlaja", "Honka", "Tammi",
	"Karhu", "Kettu", "Susi", "Joutsen", "Kotka", "Hirvi", "Lohi", "Kivi", "Hiekka", "Sammal"}

// placeLast are landforms with their genitives (lahti, lahden).
var placeLast = [][2]string{{"lahti", "lahden"}, {"niemi", "niemen"}, {"joki", "joen"}, {"mäki", "mäen"},
	{"salo", "salon"}, {"koski", "kosken"}, {"vaara", "vaaran"}, {"ranta", "rannan"}, {"järvi", "järven"},
	{"kylä", "kylän"}, {"saari", "saaren"}, {"harju", "harjun"}, {"lampi", "lammen"}, {"suo", "suon"},
	{"linna", "linnan"}, {"vesi", "veden"}}

// place fills a pattern's %s with a place name and %g with its genitive.
func place(rng *rand.Rand, pattern string) string {
	first, last := placeFirst[rng.IntN(len(placeFirst))], placeLast[rng.IntN(len(placeLast))]
	// Each pattern holds one of the two.
	return strings.Replace(strings.Replace(pattern, "%s", first+last[0], 1), "%g", first+last[1], 1)
}

var (
	adjectives = []string{"Osallistava", "Yhteinen", "Uusi", "Vahva", "Avoin", "Rohkea", "Kestävä", "Turvallinen",
		"Yhdenvertainen", "Monikulttuurinen", "Digitaalinen", "Lähellä", "Joustava", "Kannustava"}
	groupsGenitive = []string{"nuorten", "lasten", "perheiden", "ikääntyneiden", "työttömien", "maahanmuuttajien",
		"opiskelijoiden", "vammaisten", "naisten", "miesten", "asukkaiden", "omaishoitajien"}
	nouns = []string{"polku", "silta", "verkosto", "tuki", "osallisuus", "ohjaamo", "kumppanuus", "arki",
		"tulevaisuus", "voima", "yhteisö", "väylä", "oppiminen", "hyvinvointi", "kohtaaminen", "työelämä"}
	verbs   = []string{"vahvistaa", "kehittää", "tukee", "edistää", "parantaa", "uudistaa"}
	objects = []string{"osallisuutta", "työllisyyttä", "hyvinvointia", "osaamista", "yhdenvertaisuutta",
		"mielenterveyttä", "arjenhallintaa", "koulutuspolkuja", "palveluohjausta", "yhteisöllisyyttä"}
	methods = []string{"ryhmätoiminnalla", "yksilövalmennuksella", "vertaistuella", "työkokeiluilla",
		"jalkautuvalla työllä", "digitaalisilla palveluilla", "yhteiskehittämällä"}

	adjectivesEn = []string{"Inclusive", "Shared", "New", "Strong", "Open", "Sustainable", "Safe", "Equal"}
	nounsEn      = []string{"paths", "bridges", "networks", "support", "inclusion", "partnership", "futures", "wellbeing"}
	groupsEn     = []string{"young people", "children", "families", "older people", "the unemployed",
		"immigrants", "students", "people with disabilities"}
)

func pick(rng *rand.Rand, words []string) string { return words[rng.IntN(len(words))] }

// projectName is like "Osallistava nuorten polku", now and then with a place.
func projectName(rng *rand.Rand) string {
	name := pick(rng, adjectives) + " " + pick(rng, groupsGenitive) + " " + pick(rng, nouns)
	if rng.IntN(3) == 0 {
		name += " – " + place(rng, "%g malli")
	}
	return name
}

func englishName(rng *rand.Rand) string {
	return pick(rng, adjectivesEn) + " " + pick(rng, nounsEn) + " for " + pick(rng, groupsEn)
}

// summary is a sentence like "Hanke vahvistaa nuorten osallisuutta vertaistuella Koivulahden alueella."
func summary(rng *rand.Rand) string {
	return "Hanke " + pick(rng, verbs) + " " + pick(rng, groupsGenitive) + " " + pick(rng, objects) + " " +
		pick(rng, methods) + " " + place(rng, "%g") + " alueella."
}

// acronym is a short upper-case word made of a noun's start and a group's.
func acronym(rng *rand.Rand) string {
	noun, group := []rune(pick(rng, nouns)), []rune(pick(rng, groupsGenitive))
	return strings.ToUpper(string(noun[:min(4, len(noun))]) + string(group[:min(2, len(group))]))
}
