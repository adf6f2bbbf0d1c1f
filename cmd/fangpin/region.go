package main

import (
	"context"
	"fmt"
	"io"

	"fangpin/internal/civil"
	"fangpin/internal/registry"
)

func cmdRegion(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "merge" {
		return usageError{"用法: fangpin region merge OLD NEW [--on YYYY-MM-DD]"}
	}
	fs := newFlags("region merge", stderr)
	on := fs.String("on", "", "the day from which OLD's households belong to NEW (default: today)")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{"用法: fangpin region merge OLD NEW [--on YYYY-MM-DD]"}
	}
	day, err := dayFlag(*on)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := registry.MergeVillage(ctx, a.db, pos[0], pos[1], day)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "区划合并完成: %s 自 %s 起并入 %s，迁移 %d 户 %d 人\n", pos[0], day, pos[1], res.Households, res.Persons)
	return nil
}

// dayFlag reads a YYYY-MM-DD flag as parseDate does ("" is today).
func dayFlag(s string) (civil.Date, error) {
	t, err := parseDate(s)
	return civil.DateOfUTC(t), err
}
