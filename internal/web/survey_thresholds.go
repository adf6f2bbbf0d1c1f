package web

import (
	"net/http"

	"fangpin/internal/survey"
)

// thresholdsPage sets the thresholds that decide which problems the survey
// report states (docs/survey.md#thresholds): one number each, with its
// default and bounds. They are the same for every region.
type thresholdsPage struct {
	layout
	Settings []survey.Setting
	settingsForm
}

// renderThresholds renders /admin/survey-thresholds (GET: blankForm).
func (s *Server) renderThresholds(w http.ResponseWriter, r *http.Request, status int, form formState) {
	v := &thresholdsPage{layout: s.newLayout(w, r, "admin.thresholds", "admin"), settingsForm: settingsFormOf(r, form)}
	set, err := survey.LoadSettings(r.Context(), s.cfg.DB.Reader())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Settings = set.List()
	s.render(w, r, status, "survey_thresholds", v)
}

// handleThresholdsPost serves POST /admin/survey-thresholds: every
// threshold of the form is stored, or none (survey.Change, audited as
// settings.survey in the same transaction).
func (s *Server) handleThresholdsPost(w http.ResponseWriter, r *http.Request) {
	values := map[string]int{}
	var err error
	for _, st := range survey.DefaultSettings.List() {
		if values[st.Key], err = formInt(r, st.Key, translator{pickLang(w, r)}.T("survey.th."+st.Key)); err != nil {
			break
		}
	}
	if err == nil {
		_, err = survey.Change(r.Context(), s.cfg.DB, values)
	}
	s.settingsSaved(w, r, err, "thresholds", s.renderThresholds)
}
