package demo

// Family names, commonest first: surname draws favour the front of the list.
var surnames = []string{
	"王", "李", "张", "刘", "陈", "杨", "赵", "马", "周", "吴", "徐", "孙", "朱", "胡", "郭", "何", "高", "罗",
	"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "田", "董", "袁", "潘", "于", "蒋", "蔡",
	"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "汪", "范", "金",
	"石", "贾", "夏", "付", "方", "白", "孟", "秦", "邱", "尹", "薛", "闫", "段", "雷", "侯", "史", "陶", "贺",
	"顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "孔", "汤", "安", "常", "牛", "祁", "柴", "把",
}

// Given-name characters by sex and generation (born before or after ~1986).
var (
	maleOld     = []string{"建", "国", "军", "华", "明", "强", "平", "志", "永", "海", "刚", "林", "文", "福", "德", "忠", "贵", "发", "山", "兴", "学", "生", "荣", "成", "全"}
	maleYoung   = []string{"浩", "宇", "轩", "博", "子", "豪", "天", "瑞", "晨", "磊", "凯", "鹏", "杰", "涛", "俊", "鑫", "阳", "泽", "昊", "文", "一", "航", "睿", "辰", "明"}
	femaleOld   = []string{"兰", "英", "花", "梅", "芳", "秀", "玲", "霞", "红", "琴", "燕", "丽", "娟", "萍", "凤", "莲", "珍", "桂", "云", "香", "菊", "翠", "玉", "春", "金"}
	femaleYoung = []string{"静", "敏", "婷", "雪", "佳", "欣", "怡", "悦", "琳", "雨", "彤", "慧", "丹", "晶", "蓉", "洁", "倩", "涵", "萱", "可", "诗", "梓", "思", "妍", "瑶"}
)

// Ethnic groups of the city's rural population: mostly 汉族.
var ethnicities = []weighted[string]{{"汉族", 0.955}, {"回族", 0.032}, {"藏族", 0.013}}

// huiSurnames: 回族 families are often 马, 丁, 白, 穆, 哈 or 纳.
var huiSurnames = []string{"马", "马", "马", "丁", "白", "穆", "哈", "纳"}

func (g *generator) ethnicity() string { return pick(g.r, ethnicities) }

// surname draws a family name, skewed towards the common ones.
func (g *generator) surname(ethnic string) string {
	if ethnic == "回族" && g.chance(0.7) {
		return huiSurnames[g.r.IntN(len(huiSurnames))]
	}
	u := g.r.Float64()
	return surnames[int(u*u*float64(len(surnames)))]
}

// givenName draws one or two characters in the fashion of the person's birth.
func (g *generator) givenName(male bool, age int) string {
	chars := femaleYoung
	switch {
	case male && age >= 40:
		chars = maleOld
	case male:
		chars = maleYoung
	case age >= 40:
		chars = femaleOld
	}
	first := chars[g.r.IntN(len(chars))]
	if g.chance(0.25) {
		return first
	}
	return first + chars[g.r.IntN(len(chars))]
}

// mobilePrefixes are common Chinese mobile number blocks.
var mobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "186", "187", "188", "189", "191", "199"}

// mobile draws an 11-digit mobile number.
func (g *generator) mobile() string {
	var b [11]byte
	copy(b[:3], mobilePrefixes[g.r.IntN(len(mobilePrefixes))])
	putDigits(b[3:], g.r.IntN(100_000_000))
	return string(b[:])
}
