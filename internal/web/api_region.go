package web

import (
	"net/http"
)

// regionJSON is a region in API replies.
type regionJSON struct {
	Code       string            `json:"code"`
	Name       string            `json:"name"`
	Level      int               `json:"level"`
	ParentCode string            `json:"parent_code"`
	Children   []regionChildJSON `json:"children"`
}

type regionChildJSON struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level int    `json:"level"`
}

// apiRegion serves GET /api/v1/regions/{code}: the region and the children
// inside the caller's scope.
func (s *Server) apiRegion(w http.ResponseWriter, r *http.Request) {
	ctx, scope, code := r.Context(), s.scope(r), r.PathValue("code")
	if err := checkCode("code", code); err != nil {
		s.apiError(w, r, err)
		return
	}
	reg, err := s.findRegion(ctx, scope, code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	kids, err := s.children(ctx, scope, code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := regionJSON{Code: reg.Code, Name: reg.Name, Level: reg.Level, ParentCode: reg.ParentCode,
		Children: make([]regionChildJSON, 0, len(kids))}
	for _, k := range kids {
		out.Children = append(out.Children, regionChildJSON{Code: k.Code, Name: k.Name, Level: k.Level})
	}
	writeJSON(w, http.StatusOK, out)
}
