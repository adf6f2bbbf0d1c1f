package demo

// person is one member of the household being generated.
type person struct {
	relation  string
	male      bool
	age       int // full years at AsOf
	surname   string
	name      string
	id        string
	ethnic    string
	chronic   bool
	major     bool
	disabled  bool
	health    string
	education string // 文化程度
	schooling string // 在校生状况
	labour    string
	months    string
	place     string
	phone     string
	insured   bool
}

// Household sizes: formerly-poor households average about 2.9 persons
// (10,232 in 3,499), ordinary ones about 3.1.
var (
	poorSizes     = []weighted[int]{{1, 0.13}, {2, 0.30}, {3, 0.25}, {4, 0.18}, {5, 0.10}, {6, 0.04}}
	ordinarySizes = []weighted[int]{{1, 0.09}, {2, 0.29}, {3, 0.25}, {4, 0.21}, {5, 0.11}, {6, 0.05}}
)

// compose draws the household's members: head first, then spouse, children,
// parents, children-in-law and grandchildren as the head's age allows.
func (g *generator) compose(h *household) {
	sizes := ordinarySizes
	if h.poor {
		sizes = poorSizes
	}
	size := pick(g.r, sizes)
	h.ethnic = g.ethnicity()
	head := person{relation: "户主", male: g.chance(0.86), age: g.headAge(size)}
	head.surname = g.surname(h.ethnic)
	h.family = head.surname
	if !head.male {
		h.family = g.surname(h.ethnic) // the (late) husband's
	}
	h.members = append(h.members, head)
	if size > 1 && g.chance(0.82) {
		g.addSpouse(h)
	}
	for len(h.members) < size {
		g.addRelative(h)
	}
}

// headAge: rural heads are mostly middle-aged or old; people alone older still.
func (g *generator) headAge(size int) int {
	if size == 1 {
		return clamp(int(62+11*g.r.NormFloat64()), 30, 92)
	}
	return clamp(int(53+12*g.r.NormFloat64()), 24, 88)
}

func (g *generator) addSpouse(h *household) {
	head := h.members[0]
	sp := person{relation: "配偶", male: !head.male, age: head.age + g.between(-3, 3)}
	if sp.male {
		sp.age += 2
		sp.surname = h.family
	} else {
		sp.age -= 2
		sp.surname = g.surname(h.ethnic)
	}
	sp.age = max(sp.age, 20)
	h.members = append(h.members, sp)
}

// kin counts the relatives already in a household.
type kin struct {
	father, mother, children, daughtersInLaw, grandchildren int
	oldestSon                                               int // age, 0 if none
}

func (h *household) kin() kin {
	var k kin
	for _, m := range h.members {
		switch m.relation {
		case "之父":
			k.father++
		case "之母":
			k.mother++
		case "之子":
			k.children++
			k.oldestSon = max(k.oldestSon, m.age)
		case "之女":
			k.children++
		case "之儿媳":
			k.daughtersInLaw++
		case "之孙子", "之孙女":
			k.grandchildren++
		}
	}
	return k
}

// addRelative adds the next member: young heads get children and parents,
// older heads adult children, a daughter-in-law and grandchildren.
func (g *generator) addRelative(h *household) {
	head, k := h.members[0], h.kin()
	parentsLeft := head.age < 50 && k.father+k.mother < 2
	marriedSon := k.oldestSon >= 23
	switch {
	case parentsLeft && (k.children >= 2 || g.chance(0.3)):
		g.addParent(h, k)
	case k.children < 3 && (head.age < 50 || k.children < 2 || g.chance(0.3)):
		g.addChild(h)
	case marriedSon && k.daughtersInLaw == 0:
		h.add(person{relation: "之儿媳", age: max(20, k.oldestSon+g.between(-4, 2)), surname: g.surname(h.ethnic)})
	case marriedSon && k.grandchildren < 3:
		g.addGrandchild(h, k.oldestSon)
	case parentsLeft:
		g.addParent(h, k)
	default:
		male := g.chance(0.5)
		h.add(person{relation: "之兄弟姐妹", male: male, age: max(16, head.age+g.between(-8, 8)), surname: head.surname})
	}
}

func (h *household) add(p person) { h.members = append(h.members, p) }

// addChild: born when the head was 20 to 36, never before the head was 18.
func (g *generator) addChild(h *household) {
	head := h.members[0]
	age := head.age - g.between(20, 36)
	if age < 0 {
		age = g.between(0, max(0, head.age-20))
	}
	male := g.chance(0.52)
	rel := "之女"
	if male {
		rel = "之子"
	}
	h.add(person{relation: rel, male: male, age: age, surname: h.family})
}

// addParent adds the head's father or mother, 20 to 34 years older.
func (g *generator) addParent(h *household, k kin) {
	head := h.members[0]
	male := k.mother > 0 || (k.father == 0 && g.chance(0.4))
	p := person{relation: "之母", male: male, age: min(98, head.age+g.between(20, 34)), surname: g.surname(h.ethnic)}
	if male {
		p.relation, p.surname = "之父", head.surname
	}
	h.add(p)
}

// addGrandchild adds a child of the oldest son.
func (g *generator) addGrandchild(h *household, sonAge int) {
	age := sonAge - g.between(21, 34)
	if age < 0 {
		age = g.between(0, max(0, sonAge-21))
	}
	male := g.chance(0.52)
	rel := "之孙女"
	if male {
		rel = "之孙子"
	}
	h.add(person{relation: rel, male: male, age: age, surname: h.family})
}

func clamp(x, lo, hi int) int { return max(lo, min(hi, x)) }
