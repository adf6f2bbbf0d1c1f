package visit

import (
	"fangpin/internal/fault"
)

// ErrForbidden is a visit recorded by a role that may not change household
// data.
var ErrForbidden = fault.Forbiddenf("该角色不能记录走访", "Your role may not record visits")
