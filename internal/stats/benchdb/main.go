// Command benchdb writes the demo city's department feeds as the demo
// command generates them today at a given scale, one CSV file per feed, for
// BenchmarkSectors' database (docs/figures.md, "Sectors: how it is
// computed"). The shell recipe in bench_test.go loads them into a data
// folder filled by `fangpin demo --scale N`.
//
//	go run ./internal/stats/benchdb -scale 24 -out DIR
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fangpin/internal/civil"
	"fangpin/internal/demo"
)

func main() {
	scale := flag.Int("scale", 24, "the demo's --scale")
	seed := flag.Uint64("seed", 1, "the demo's --seed")
	out := flag.String("out", ".", "folder the CSV files are written to (KIND.csv)")
	flag.Parse()
	now := time.Now().In(civil.Zone) // as `fangpin demo` does
	var files []*os.File
	sum, err := demo.FeedCSV(demo.Config{Seed: *seed, Scale: *scale, Year: now.Year(), AsOf: now},
		func(kind string) (io.Writer, error) {
			f, err := os.Create(filepath.Join(*out, kind+".csv"))
			files = append(files, f)
			return f, err
		})
	for _, f := range files {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchdb:", err)
		os.Exit(1)
	}
	fmt.Println(sum)
}
