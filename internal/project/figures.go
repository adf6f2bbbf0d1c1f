package project

import (
	"context"
	"fmt"

	"fangpin/internal/civil"
	"fangpin/internal/store"
)

// Figures are the project figures of a region for as_of's year
// (docs/figures.md, "Projects (项目库与产业链)"). Money is in fen; a rate
// or share is 0 when its whole is 0. Nothing recorded is the zero value.
type Figures struct {
	Projects             int     `json:"projects"`               // projects of the year recorded by as_of, every status
	PlannedFen           int64   `json:"planned_fen"`            // their planned investment
	CompletedFen         int64   `json:"completed_fen"`          // their completed investment
	CompletionRate       float64 `json:"completion_rate"`        // completed ÷ planned
	LinkageFen           int64   `json:"linkage_fen"`            // their 衔接资金: 中央 + 省 + 市 + 县
	LinkageIndustryFen   int64   `json:"linkage_industry_fen"`   // the 衔接资金 of 产业发展 projects
	LinkageIndustryShare float64 `json:"linkage_industry_share"` // industry ÷ linkage
	ChainProjects        int     `json:"chain_projects"`         // projects naming an industry chain
	ChainPlannedFen      int64   `json:"chain_planned_fen"`      // their planned investment
	ChainCompletedFen    int64   `json:"chain_completed_fen"`    // their completed investment
	ChainCompletionRate  float64 `json:"chain_completion_rate"`  // completed ÷ planned of the chain projects
	OutputFen            int64   `json:"output_fen"`             // 产业链产值 of the year, every chain
	OutputPrevFen        int64   `json:"output_prev_fen"`        // the same of the year before
	OutputChange         float64 `json:"output_change"`          // (output − previous) ÷ previous
}

// FiguresAt computes the figures of scope for asOf.
func FiguresAt(ctx context.Context, q store.Querier, scope store.Scope, asOf civil.Date) (Figures, error) {
	where, args, err := scope.Where("region_code")
	if err != nil {
		return Figures{}, err
	}
	var f Figures
	year := asOf.Year()
	end := store.Stamp(asOf.AddDays(1).Time())
	const linkage = "central_fen + province_fen + city_fen + county_fen"
	if err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(planned_fen), 0), coalesce(sum(completed_fen), 0),
		coalesce(sum(`+linkage+`), 0), coalesce(sum(CASE WHEN type = ? THEN `+linkage+` ELSE 0 END), 0),
		coalesce(sum(CASE WHEN chain <> '' THEN 1 ELSE 0 END), 0),
		coalesce(sum(CASE WHEN chain <> '' THEN planned_fen ELSE 0 END), 0),
		coalesce(sum(CASE WHEN chain <> '' THEN completed_fen ELSE 0 END), 0)
		FROM projects WHERE year = ? AND created_at < ? AND `+where, append([]any{TypeIndustry, year, end}, args...)...).Scan(
		&f.Projects, &f.PlannedFen, &f.CompletedFen, &f.LinkageFen, &f.LinkageIndustryFen,
		&f.ChainProjects, &f.ChainPlannedFen, &f.ChainCompletedFen); err != nil {
		return Figures{}, fmt.Errorf("project: figures: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT coalesce(sum(CASE WHEN year = ? THEN output_fen ELSE 0 END), 0),
		coalesce(sum(CASE WHEN year = ? THEN output_fen ELSE 0 END), 0) FROM chain_output WHERE year IN (?, ?) AND `+where,
		append([]any{year, year - 1, year, year - 1}, args...)...).Scan(&f.OutputFen, &f.OutputPrevFen); err != nil {
		return Figures{}, fmt.Errorf("project: output figures: %w", err)
	}
	f.CompletionRate = ratio(f.CompletedFen, f.PlannedFen)
	f.LinkageIndustryShare = ratio(f.LinkageIndustryFen, f.LinkageFen)
	f.ChainCompletionRate = ratio(f.ChainCompletedFen, f.ChainPlannedFen)
	f.OutputChange = ratio(f.OutputFen-f.OutputPrevFen, f.OutputPrevFen)
	return f, nil
}

func ratio(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
