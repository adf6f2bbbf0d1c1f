package auth

import (
	"context"
	"fmt"
	"strings"

	"fangpin/internal/store"
)

// NewPassword draws a strong temporary password (four groups of five
// characters), for an account created or reset by an administrator.
func NewPassword() string { return demoPassword() }

// UsersIn returns the users whose region lies inside scope, ordered by
// username, with the time of each one's last sign-in (UTC RFC 3339, ""
// when never) read from the audit log.
func (s *Service) UsersIn(ctx context.Context, scope store.Scope) ([]User, map[int64]string, error) {
	where, args, err := scope.Where("u.region_code")
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.db.Reader().QueryContext(ctx, "SELECT "+userColumns+" FROM users u WHERE "+where+" ORDER BY u.username", args...)
	if err != nil {
		return nil, nil, fmt.Errorf("auth: list users: %w", err)
	}
	var us []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("auth: list users: %w", err)
		}
		us = append(us, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	last := make(map[int64]string, len(us))
	if len(us) == 0 {
		return us, last, nil
	}
	ids := make([]any, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	lr, err := s.db.Reader().QueryContext(ctx, `SELECT user_id, MAX(at) FROM audit_log
		WHERE action = 'login' AND user_id IN (`+marks+") GROUP BY user_id", ids...)
	if err != nil {
		return nil, nil, fmt.Errorf("auth: last sign-ins: %w", err)
	}
	defer lr.Close()
	for lr.Next() {
		var id int64
		var at string
		if err := lr.Scan(&id, &at); err != nil {
			return nil, nil, fmt.Errorf("auth: last sign-ins: %w", err)
		}
		last[id] = at
	}
	return us, last, lr.Err()
}
