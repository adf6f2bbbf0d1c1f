package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"fangpin/internal/fault"
	"fangpin/internal/money"
	"fangpin/internal/monitoring"
	"fangpin/internal/registry"
	"fangpin/internal/store"
)

// worksheetPage is a household's income worksheet (收入测算表) of a year:
// the lines as typed in 元, and 人均纯收入 as the lines give it. There is no
// field for a total: every figure is computed.
type worksheetPage struct {
	layout
	H       *registry.Household
	Year    int
	Groups  []worksheetGroup
	Saved   *monitoring.Worksheet
	Result  *monitoring.Income // the saved worksheet's figures, or a preview's
	Preview bool
	// JustSaved: back from a save (post, redirect, get)
	JustSaved bool
	Problem   string
	Field     string
}

// worksheetGroup is one group of lines (工资性收入 …) with its inputs.
type worksheetGroup struct {
	Code, Label string
	Lines       []worksheetLine
}

// worksheetLine is one line's input: its name is "line.CODE".
type worksheetLine struct {
	Code, Label, Value string
}

// handleWorksheet serves GET /households/{code}/worksheets/{year}.
func (s *Server) handleWorksheet(w http.ResponseWriter, r *http.Request) {
	v, ok := s.worksheetPage(w, r)
	if !ok {
		return
	}
	ws, err := monitoring.FindWorksheet(r.Context(), s.cfg.DB.Reader(), s.scope(r), v.H.ID, v.Year)
	switch {
	case err == nil:
		v.Saved, v.Result, v.JustSaved = &ws, &ws.Income, r.URL.Query().Get("saved") == "1"
		v.fillLines(func(code string) string {
			if fen, ok := ws.Lines[code]; ok && fen != 0 {
				return money.Format(fen)
			}
			return ""
		})
	case errors.Is(err, store.ErrNotFound):
		v.fillLines(func(string) string { return "" })
	default:
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "worksheet", v)
}

// handleWorksheetSave serves POST /households/{code}/worksheets/{year}:
// "preview" computes without saving; otherwise the worksheet is saved
// (replacing that year's) and its 人均纯收入 becomes the household's.
func (s *Server) handleWorksheetSave(w http.ResponseWriter, r *http.Request) {
	v, ok := s.worksheetPage(w, r)
	if !ok {
		return
	}
	v.fillLines(func(code string) string { return r.PostFormValue("line." + code) })
	lines, err := worksheetLines(r)
	if err == nil && r.PostFormValue("preview") != "" {
		var in monitoring.Income
		if in, err = monitoring.ComputeIncome(lines, v.H.Members); err == nil {
			v.Result, v.Preview = &in, true
			s.render(w, r, http.StatusOK, "worksheet", v)
			return
		}
	}
	if err == nil {
		_, err = inTx(s, r, func(ctx context.Context, tx *store.Tx) (monitoring.Worksheet, error) {
			return monitoring.SaveWorksheet(ctx, tx, s.scope(r), currentUser(r), v.H.ID, v.Year, lines, s.now())
		})
	}
	if err == nil {
		http.Redirect(w, r, r.URL.Path+"?saved=1", http.StatusSeeOther)
		return
	}
	s.formError(w, r, err, "worksheet", func(status int, f formState) {
		v.Problem, v.Field = f.Problem, f.Field
		s.render(w, r, status, "worksheet", v)
	})
}

// worksheetPage finds the household and the year (2014 to this year) of the
// path; others are not found.
func (s *Server) worksheetPage(w http.ResponseWriter, r *http.Request) (*worksheetPage, bool) {
	h, ok := s.formHousehold(w, r)
	if !ok {
		return nil, false
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 2014 || year > s.today().Year() {
		s.pageError(w, r, store.ErrNotFound)
		return nil, false
	}
	v := &worksheetPage{layout: s.newLayout(w, r, "worksheet.title", "households"), H: h, Year: year}
	v.Title = v.Title + " " + h.Code + " · " + strconv.Itoa(year)
	if err := s.setHouseholdCrumbs(r, &v.layout, h.RegionCode); err != nil {
		s.pageError(w, r, err)
		return nil, false
	}
	return v, true
}

// fillLines lays the national lines out by group with value(code) in each.
func (v *worksheetPage) fillLines(value func(code string) string) {
	v.Groups = nil
	for _, it := range monitoring.Items {
		if n := len(v.Groups); n == 0 || v.Groups[n-1].Code != it.Group {
			v.Groups = append(v.Groups, worksheetGroup{Code: it.Group, Label: monitoring.GroupLabels[it.Group]})
		}
		g := &v.Groups[len(v.Groups)-1]
		g.Lines = append(g.Lines, worksheetLine{Code: it.Code, Label: it.Label, Value: value(it.Code)})
	}
}

// worksheetLines reads the lines typed in 元 (blank lines are zero).
func worksheetLines(r *http.Request) (map[string]int64, error) {
	lines := map[string]int64{}
	for _, it := range monitoring.Items {
		fen, err := parseYuan("line."+it.Code, r.PostFormValue("line."+it.Code))
		if err != nil {
			return nil, fault.InvalidField("line."+it.Code, fault.T("「%s」%s", "“%s”: %s", it.Label, err))
		}
		if fen != 0 {
			lines[it.Code] = fen
		}
	}
	return lines, nil
}
