package audit_test

import (
	"context"
	"testing"

	"fangpin/internal/audit"
)

func TestActorFrom(t *testing.T) {
	ctx := context.Background()
	sys := audit.Actor{Username: "system", Role: "system"}
	cases := []struct {
		name string
		ctx  context.Context
		want audit.Actor
	}{
		{"none: the system", ctx, sys},
		{"a user", audit.WithActor(ctx, admin), admin},
		{"anonymous: the system at the caller's address", audit.WithActor(ctx, audit.Actor{IP: "10.0.0.9", Role: "x"}),
			audit.Actor{Username: "system", Role: "system", IP: "10.0.0.9"}},
		{"the innermost wins", audit.WithActor(audit.WithActor(ctx, admin), cadre), cadre},
	}
	for _, c := range cases {
		if got := audit.ActorFrom(c.ctx); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
