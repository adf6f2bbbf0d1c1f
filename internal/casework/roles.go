package casework

import "fangpin/internal/auth"

// RoleSystem acts for the household (its objection reopens a closed case)
// and for intake. No user account holds it: auth.ParseRole refuses it.
const RoleSystem auth.Role = "system"

// System is the actor of steps the household takes through the public
// pages, and of cases opened by intake.
var System = auth.User{Username: "system", Role: RoleSystem}

var (
	countyUp   = []auth.Role{auth.RoleCounty, auth.RoleCity, auth.RoleAdmin}
	townshipUp = append([]auth.Role{auth.RoleTownship}, countyUp...)
	villageUp  = append([]auth.Role{auth.RoleVillage}, townshipUp...)
)

// actionRoles is who may take each step; close is taken by whoever may take
// the step the case waits for (see Roles).
var actionRoles = map[Action][]auth.Role{
	ActAccept:          townshipUp,
	ActReject:          townshipUp,
	ActVerify:          villageUp,
	ActReview:          villageUp,
	ActPublishNotice:   villageUp,
	ActRecordObjection: villageUp,
	ActEndNotice:       villageUp,
	ActTownshipReview:  townshipUp,
	ActCountyApprove:   countyUp,
	ActEnrol:           countyUp,
	ActReopen:          append([]auth.Role{RoleSystem}, townshipUp...),
}

// CurrentStep is the step of the ordinary procedure a case in state s waits
// for ("" for a final state).
func CurrentStep(s State) Action {
	switch s {
	case StateReported:
		return ActAccept
	case StateCountyApproved:
		return ActEnrol
	}
	if f := FollowUpFrom(s); f != nil {
		return f.Next()
	}
	return ""
}

// Roles returns the roles that may take action a on a case in state s. A
// case that waits for no step cannot be closed at all, which is a conflict,
// not a matter of role: every role that closes some case is returned then.
func Roles(s State, a Action) []auth.Role {
	if a != ActClose {
		return actionRoles[a]
	}
	if step := CurrentStep(s); step != "" {
		return actionRoles[step]
	}
	return villageUp
}

// May reports whether the user's role may take action a on a case in state
// s; a disabled user may take none. The region is checked separately, by
// the scope every store call takes.
func May(u auth.User, s State, a Action) bool {
	if u.Disabled {
		return false
	}
	for _, r := range Roles(s, a) {
		if r == u.Role {
			return true
		}
	}
	return false
}
