package main

import (
	"context"
	"errors"
	"io"
)

// placeholder until the audit package lands
func cmdAudit(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	return errors.New("audit: not yet available")
}
