package auth

import (
	"context"
	"fmt"

	"fangpin/internal/store"
)

// DisableUser disables the user, ends their sessions and revokes their API
// tokens, in one transaction. The error wraps store.ErrNotFound for an
// unknown user. Disabling twice is not an error.
func (s *Service) DisableUser(ctx context.Context, username string) error {
	u, err := s.FindUser(ctx, username)
	if err != nil {
		return err
	}
	now := store.Stamp(s.clock())
	err = s.db.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE users SET disabled = 1, updated_at = ? WHERE id = ?", now, u.ID); err != nil {
			return err
		}
		if err := deleteSessions(ctx, tx, u.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now, u.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("auth: disable user %s: %w", u.Username, err)
	}
	return nil
}

// SetPassword checks and sets a new password and ends all the user's
// sessions (a user changing their own password starts a new one after).
// API tokens stay valid: they are separate credentials, revoked one by one.
func (s *Service) SetPassword(ctx context.Context, username, password string) error {
	u, err := s.FindUser(ctx, username)
	if err != nil {
		return err
	}
	if err := CheckPassword(password, u.Username); err != nil {
		return err
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	now := store.Stamp(s.clock())
	err = s.db.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?",
			h, now, now, u.ID)
		if err != nil {
			return err
		}
		return deleteSessions(ctx, tx, u.ID)
	})
	if err != nil {
		return fmt.Errorf("auth: set password of %s: %w", u.Username, err)
	}
	return nil
}

func deleteSessions(ctx context.Context, q store.Querier, userID int64) error {
	_, err := q.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
	return err
}
