package region

import (
	"context"
	"errors"
	"testing"

	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
)

type resolveCase struct {
	name    string
	path    [5]string
	want    string
	wantErr error
	wantMsg string
}

func runResolve(t *testing.T, r *Resolver, tests []resolveCase) {
	t.Helper()
	for _, tt := range tests {
		p := tt.path
		got, err := r.Resolve(context.Background(), p[0], p[1], p[2], p[3], p[4])
		if tt.wantErr == nil {
			if err != nil || got != tt.want {
				t.Errorf("%s: Resolve = %q, %v; want %q", tt.name, got, err, tt.want)
			}
			continue
		}
		var ne *NameError
		if !errors.Is(err, tt.wantErr) || !errors.As(err, &ne) || err.Error() != tt.wantMsg {
			t.Errorf("%s: Resolve = %q, %v; want %v %q", tt.name, got, err, tt.wantErr, tt.wantMsg)
		}
	}
}

func TestResolveGansu(t *testing.T) {
	tests := []resolveCase{
		{name: "residents' committee", path: [5]string{"甘肃省", "兰州市", "城关区", "酒泉路街道", "畅家巷社区居委会"}, want: "620102001001"},
		{name: "village committee", path: [5]string{"甘肃省", "兰州市", "城关区", "伏龙坪街道", "红沟村民委员会"}, want: "620102010201"},
		{name: "嘉峪关 twice", path: [5]string{"甘肃省", "嘉峪关市", "嘉峪关市", "雄关街道", "福民社区"}, want: "620201001001"},
		{name: "spaces trimmed", path: [5]string{" 甘肃省", "兰州市\u3000", " 城关区 ", "酒泉路街道", "畅家巷社区居委会 "}, want: "620102001001"},
		{name: "no province", path: [5]string{"甘肃", "兰州市", "城关区", "酒泉路街道", "畅家巷社区居委会"},
			wantErr: ErrNameNotFound, wantMsg: `找不到省"甘肃"`},
		{name: "no county", path: [5]string{"甘肃省", "兰州市", "城关", "酒泉路街道", "畅家巷社区居委会"},
			wantErr: ErrNameNotFound, wantMsg: `找不到县"城关"（上级：兰州市）`},
		{name: "village elsewhere", path: [5]string{"甘肃省", "兰州市", "城关区", "酒泉路街道", "红沟村民委员会"},
			wantErr: ErrNameNotFound, wantMsg: `找不到村"红沟村民委员会"（上级：酒泉路街道）`},
		{name: "empty village", path: [5]string{"甘肃省", "兰州市", "城关区", "酒泉路街道", " "},
			wantErr: ErrNameNotFound, wantMsg: `缺少村名称（上级：酒泉路街道）`},
		{name: "county left out", path: [5]string{"甘肃省", "兰州市", "", "酒泉路街道", "畅家巷社区居委会"},
			wantErr: ErrNameNotFound, wantMsg: `找不到乡镇"酒泉路街道"（上级：兰州市）`},
		{name: "嘉峪关 without county", path: [5]string{"甘肃省", "嘉峪关市", "", "新城镇", "横沟村村民委员会"}, want: "620201100201"},
		{name: "path stops at township", path: [5]string{"甘肃省", "嘉峪关市", "", "嘉峪关市", "雄关街道"},
			wantErr: ErrNameNotFound, wantMsg: `找不到乡镇"嘉峪关市"（上级：嘉峪关市）`},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importGansu(t, db)
		r := NewResolver(db.Reader())
		runResolve(t, r, tests)
		runResolve(t, r, tests) // again, from the caches
	})
}

// synthetic is a small hierarchy: 东莞 with a township directly under the
// city, and a township with two villages of the same name.
const synthetic = "code,name,level,parent_code\n" +
	"440000000000,广东省,1,\n" +
	"441900000000,东莞市,2,440000000000\n" +
	"441900003000,东城街道,4,441900000000\n" +
	"441900003001,岗贝社区居民委员会,5,441900003000\n" +
	"620000000000,甘肃省,1,\n" +
	"620100000000,兰州市,2,620000000000\n" +
	"620121000000,永登县,3,620100000000\n" +
	"620121100000,城关镇,4,620121000000\n" +
	"620121100201,新庄村,5,620121100000\n" +
	"620121100202,新庄村,5,620121100000\n" +
	"620121100203,李家湾村,5,620121100000\n"

func TestResolveSynthetic(t *testing.T) {
	tests := []resolveCase{
		{name: "township under a city", path: [5]string{"广东省", "东莞市", "", "东城街道", "岗贝社区居民委员会"}, want: "441900003001"},
		{name: "county given under 东莞", path: [5]string{"广东省", "东莞市", "东莞市", "东城街道", "岗贝社区居民委员会"},
			wantErr: ErrNameNotFound, wantMsg: `找不到县"东莞市"（上级：东莞市）`},
		{name: "unique village", path: [5]string{"甘肃省", "兰州市", "永登县", "城关镇", "李家湾村"}, want: "620121100203"},
		{name: "ambiguous village", path: [5]string{"甘肃省", "兰州市", "永登县", "城关镇", "新庄村"},
			wantErr: ErrNameAmbiguous, wantMsg: `村"新庄村"有2个同名区划（上级：城关镇）：620121100201、620121100202`},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := importString(db, synthetic); err != nil {
			t.Fatal(err)
		}
		runResolve(t, NewResolver(db.Reader()), tests)
	})
}

func TestResolverCaches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := importString(db, synthetic); err != nil {
			t.Fatal(err)
		}
		r := NewResolver(db.Reader())
		runResolve(t, r, []resolveCase{{name: "warm", path: [5]string{"甘肃省", "兰州市", "永登县", "城关镇", "李家湾村"}, want: "620121100203"}})
		if _, err := db.Writer().ExecContext(ctx, "DELETE FROM regions"); err != nil {
			t.Fatal(err)
		}
		runResolve(t, r, []resolveCase{
			{name: "cached path", path: [5]string{"甘肃省", "兰州市", "永登县", "城关镇", "李家湾村"}, want: "620121100203"},
			{name: "cached children", path: [5]string{"甘肃省", "兰州市", "永登县", "城关镇", "新庄村"},
				wantErr: ErrNameAmbiguous, wantMsg: `村"新庄村"有2个同名区划（上级：城关镇）：620121100201、620121100202`},
			{name: "not cached", path: [5]string{"广东省", "东莞市", "", "东城街道", "岗贝社区居民委员会"},
				wantErr: ErrNameNotFound, wantMsg: `找不到市"东莞市"（上级：广东省）`}, // provinces were cached, 广东's cities not
		})
	})
}
