package audit

import "context"

type actorKey struct{}

// WithActor returns ctx carrying a, the actor of every entry recorded with
// it. It is set once where an action enters the system: by the web layer
// for each request after authentication, by the command line for each
// command, by a job for the user who started it; domain actions never name
// an actor themselves.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// The system's name in the log, for what no user or command did.
const systemName = "system"

// ActorFrom is the actor ctx carries. Without one, or for an anonymous
// caller (no username: a family's report through the public form), it is
// the system, at the caller's address if ctx knows it.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	if a.Username == "" {
		a.UserID, a.Username, a.Role = 0, systemName, systemName
	}
	return a
}
