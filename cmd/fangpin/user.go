package main

import (
	"context"
	"errors"
	"io"
)

// placeholder until the auth package lands
func cmdUser(ctx context.Context, g globals, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("user: not yet available")
}

func cmdToken(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	return errors.New("token: not yet available")
}
