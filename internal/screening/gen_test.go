package screening

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"fangpin/internal/region"
	"fangpin/internal/store"
)

// benchSize is the number of persons (and medical claims) of the generated
// benchmark city: 3,000,000 unless FANGPIN_BENCH_PERSONS says otherwise.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("FANGPIN_BENCH_PERSONS")); err == nil && n > 0 {
		return n
	}
	return 3_000_000
}

// genCity fills an empty database with persons persons in persons*2/7
// households of 2,000 villages, two income years per household, and one
// feed file per kind: persons medical claims over two years (1% unmatched)
// and a few thousand rows of every other kind. Rows go straight in with SQL
// (COPY on PostgreSQL): the registry importer is not what is measured.
func genCity(tb testing.TB, db *store.DB, persons int) {
	tb.Helper()
	g := &gen{r: rand.New(rand.NewPCG(1, 2)), persons: persons, households: max(1, persons*2/7)}
	err := db.Transact(context.Background(), func(tx *store.Tx) error {
		for _, step := range []func(*store.Tx) error{g.householdRows, g.personRows, g.incomeRows, g.feedRows} {
			if err := step(tx); err != nil {
				return err
			}
		}
		for _, t := range []string{"households", "persons", "feed_files", "feed_medical"} {
			if err := store.SyncSequence(context.Background(), tx, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if db.Dialect == store.Postgres {
		if _, err := db.Writer().ExecContext(context.Background(), "VACUUM ANALYZE"); err != nil {
			tb.Fatal(err)
		}
	}
}

type gen struct {
	r                   *rand.Rand
	persons, households int
}

func (g *gen) village(h int) string {
	v := h % 2000
	return fmt.Sprintf("6203%02d%03d%03d", 21+v/400, 100+v/20%20, 200+v%20)
}

func (g *gen) householdOf(p int) int { return (p-1)*g.households/g.persons + 1 }

func (g *gen) householdRows(tx *store.Tx) error {
	cols := []string{"id", "code", "region_code", "county", "type", "category", "identified_month", "members", "created_at", "updated_at"}
	return bulk(tx, "households", cols, g.households, func(i int) []any {
		h := i + 1
		var cat, month any = "", nil
		if h%20 == 0 {
			cat, month = "脱贫不稳定户", 202403
		}
		return []any{h, fmt.Sprintf("HH%09d", h), g.village(h), region.County(g.village(h)), "一般农户", cat, month, 0, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}
	})
}

var skills = []string{"普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"}

func (g *gen) personRows(tx *store.Tx) error {
	cols := []string{"id", "household_id", "region_code", "county", "id_idx", "id_enc", "id_masked", "name", "sex", "birth_date",
		"relation", "health", "labour_skill", "work_months", "active", "created_at", "updated_at"}
	enc := make([]byte, 46)
	return bulk(tx, "persons", cols, g.persons, func(i int) []any {
		p := i + 1
		h := g.householdOf(p)
		rel := "之子"
		if p == 1 || g.householdOf(p-1) != h {
			rel = "户主"
		}
		active := 1
		if g.r.IntN(50) == 0 {
			active = 0
		}
		birth := fmt.Sprintf("%04d-%02d-%02d", 1940+g.r.IntN(80), 1+g.r.IntN(12), 1+g.r.IntN(28))
		return []any{p, h, g.village(h), region.County(g.village(h)), fmt.Sprintf("%032x", p), enc, "620321********" + fmt.Sprintf("%04d", p%10000),
			"张三", "男", birth, rel, "健康", skills[g.r.IntN(len(skills))], g.r.IntN(12), active,
			"2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"}
	})
}

func (g *gen) incomeRows(tx *store.Tx) error {
	cols := []string{"household_id", "year", "region_code", "county", "per_capita_fen", "source", "updated_at"}
	base := 0
	return bulk(tx, "household_incomes", cols, 2*g.households, func(i int) []any {
		h := i/2 + 1
		fen := base
		switch {
		case i%2 == 1 && g.r.IntN(100) < 3: // a sharp drop
			fen = base * (50 + g.r.IntN(15)) / 100
		case i%2 == 1:
			fen = base * (90 + g.r.IntN(25)) / 100
		case g.r.IntN(100) < 4: // below the monitoring line
			base = 500_000 + g.r.IntN(280_000)
			fen = base
		default:
			base = 900_000 + g.r.IntN(2_500_000)
			fen = base
		}
		return []any{h, 2024 + i%2, g.village(h), region.County(g.village(h)), fen, "bench", "2026-01-01T00:00:00Z"}
	})
}

// day returns a random YYYYMMDD between 2025-01-01 and 2026-11-28.
func (g *gen) day() int {
	y := 2025 + g.r.IntN(2)
	m := 1 + g.r.IntN(12)
	if y == 2026 && m > 11 {
		m = 11
	}
	return y*10000 + m*100 + 1 + g.r.IntN(28)
}

// person returns a random person id, or nil for the 1% of unmatched rows.
func (g *gen) person() any {
	if g.r.IntN(100) == 0 {
		return nil
	}
	return 1 + g.r.IntN(g.persons)
}

func (g *gen) feedRows(tx *store.Tx) error {
	kinds := []string{"medical", "education", "civil", "disability", "housing", "disaster", "employment", "death"}
	err := bulk(tx, "feed_files", []string{"id", "kind", "name", "sha256", "size", "uploader", "region_code", "uploaded_at"},
		len(kinds), func(i int) []any {
			return []any{i + 1, kinds[i], kinds[i] + ".csv", fmt.Sprint(i), 1, "bench", "620300000000", "2026-11-01T00:00:00Z"}
		})
	if err != nil {
		return err
	}
	common := []string{"file_id", "row_no", "person_id", "id_idx", "id_masked"}
	row := func(file, i int, rest ...any) []any {
		return append([]any{file, i + 2, g.person(), fmt.Sprintf("%032x", i), "620321********0000"}, rest...)
	}
	small := max(100, g.persons/100)
	steps := []struct {
		table string
		cols  []string
		n     int
		f     func(i int) []any
	}{
		{"feed_medical", []string{"settled", "total_fen", "basic_fen", "serious_fen", "assist_fen", "oop_fen"}, g.persons, func(i int) []any {
			oop := g.r.IntN(300_000)
			if g.r.IntN(100) == 0 {
				oop = g.r.IntN(3_000_000)
			}
			return row(1, i, g.day(), 3*oop, oop, oop/2, oop/2, oop)
		}},
		{"feed_education", []string{"stage", "status", "aid_item", "aid_fen", "day"}, small, func(i int) []any {
			st := "在校"
			if i%10 == 0 {
				st = "辍学"
			}
			return row(2, i, "初中", st, "", 0, g.day())
		}},
		{"feed_civil", []string{"aid_type", "amount_fen", "start_day"}, small, func(i int) []any { return row(3, i, "低保", 50000, g.day()) }},
		{"feed_disability", []string{"category", "grade", "issued"}, small, func(i int) []any { return row(4, i, "肢体", 1+g.r.IntN(4), g.day()) }},
		{"feed_housing", []string{"grade", "assessed"}, small, func(i int) []any { return row(5, i, string(rune('A'+g.r.IntN(4))), g.day()) }},
		{"feed_disaster", []string{"hazard", "loss_fen", "day"}, small, func(i int) []any { return row(6, i, "洪涝", g.r.IntN(2_000_000), g.day()) }},
		{"feed_employment", []string{"status", "place", "months", "day"}, small, func(i int) []any {
			st := "务工"
			if i%4 == 0 {
				st = "失业"
			}
			return row(7, i, st, "兰州", 6, g.day())
		}},
		{"feed_death", []string{"died"}, small / 10, func(i int) []any { return row(8, i, g.day()) }},
	}
	for _, s := range steps {
		cols := append(append([]string{}, common...), s.cols...)
		if err := bulk(tx, s.table, cols, s.n, s.f); err != nil {
			return err
		}
	}
	return nil
}

// bulk inserts n generated rows: COPY on PostgreSQL, multi-row INSERTs of
// at most 30,000 parameters on SQLite.
func bulk(tx *store.Tx, table string, cols []string, n int, row func(i int) []any) error {
	ctx := context.Background()
	step := 30000 / len(cols)
	if tx.CanCopy() {
		step = 100_000
	}
	for start := 0; start < n; start += step {
		k := min(step, n-start)
		rows := make([][]any, k)
		var args []any
		for i := range k {
			rows[i] = row(start + i)
			args = append(args, rows[i]...)
		}
		var err error
		if tx.CanCopy() {
			_, err = tx.CopyFrom(ctx, table, cols, rows)
		} else {
			_, err = tx.ExecContext(ctx, "INSERT INTO "+table+" ("+joinCols(cols)+") VALUES "+store.Placeholders(k, len(cols)), args...)
		}
		if err != nil {
			return fmt.Errorf("generate %s: %w", table, err)
		}
	}
	return nil
}

func joinCols(cols []string) string {
	s := ""
	for i, c := range cols {
		if i > 0 {
			s += ", "
		}
		s += c
	}
	return s
}
