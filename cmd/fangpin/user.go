package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"fangpin/internal/auth"
	"fangpin/internal/civil"
	"fangpin/internal/region"
	"fangpin/internal/store"
)

func cmdUser(ctx context.Context, g globals, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"user 需要子命令: add, list, disable, passwd"}
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, g, args[1:], stdin, stdout, stderr)
	case "list":
		return userList(ctx, g, args[1:], stdout, stderr)
	case "disable":
		return userDisable(ctx, g, args[1:], stdout, stderr)
	case "passwd":
		return userPasswd(ctx, g, args[1:], stdin, stdout, stderr)
	}
	return usageError{fmt.Sprintf("未知的 user 子命令 %q（可用: add, list, disable, passwd）", args[0])}
}

func cmdToken(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"token 需要子命令: create, list, revoke"}
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, g, args[1:], stdout, stderr)
	case "list":
		return tokenList(ctx, g, args[1:], stdout, stderr)
	case "revoke":
		return tokenRevoke(ctx, g, args[1:], stdout, stderr)
	}
	return usageError{fmt.Sprintf("未知的 token 子命令 %q（可用: create, list, revoke）", args[0])}
}

// withAuth opens the database and runs fn with an auth service on it.
func withAuth(ctx context.Context, g globals, fn func(*auth.Service, *app) error) error {
	a, err := openApp(ctx, g)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(auth.NewService(a.db), a)
}

// userError turns "not found" into a message naming the user.
func userError(name string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("用户 %s 不存在", auth.NormalizeUsername(name))
	}
	return err
}

func userAdd(ctx context.Context, g globals, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user add", stderr)
	roleFlag := fs.String("role", "", "role: admin, city, county, township, village, department, viewer")
	regionFlag := fs.String("region", "", "12-digit region code the user works in")
	display := fs.String("display-name", "", "the user's real name, shown in pages and the audit log")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *roleFlag == "" || *regionFlag == "" {
		return usageError{"用法: fangpin user add NAME --role ROLE --region CODE [--display-name X]（密码从标准输入读取）"}
	}
	role, err := auth.ParseRole(*roleFlag)
	if err != nil {
		return usageError{err.Error()}
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	return withAuth(ctx, g, func(s *auth.Service, a *app) error {
		u, err := s.CreateUser(ctx, auth.NewUser{Username: pos[0], DisplayName: *display, Role: role,
			Region: *regionFlag, Password: password})
		if err != nil {
			return fmt.Errorf("未创建用户 %s：%w", pos[0], err)
		}
		fmt.Fprintf(stdout, "已创建用户 %s（%s，%s %s）\n", u.Username, u.Role.Label(), u.Region, userRegionName(ctx, a, u.Region))
		return cliAudit(ctx, a, "user.create", u.Username, u.Region, map[string]string{"role": string(u.Role), "region": u.Region})
	})
}

// readPassword reads the first line of stdin, prompting when it is a
// terminal (the input then shows on screen: fangpin has no terminal library).
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(stderr, "请输入密码（输入内容会显示在屏幕上）：")
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("读取密码: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("未从标准输入读到密码（例如: fangpin user add NAME … < password.txt）")
	}
	return line, nil
}

// userRegionName returns a region's name, or "" when it is unknown.
func userRegionName(ctx context.Context, a *app, code string) string {
	r, err := region.Find(ctx, a.db.Reader(), code)
	if err != nil {
		return ""
	}
	return r.Name
}

func userList(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	if err := userNoArgs("user list", args, stderr); err != nil {
		return err
	}
	return withAuth(ctx, g, func(s *auth.Service, a *app) error {
		us, err := s.ListUsers(ctx)
		if err != nil {
			return err
		}
		if len(us) == 0 {
			fmt.Fprintln(stdout, "（暂无用户；用 fangpin user add NAME --role admin --region CODE 创建第一个管理员）")
			return nil
		}
		rows := [][]string{{"用户名", "姓名", "角色", "区划代码", "区划名称", "状态", "演示"}}
		for _, u := range us {
			rows = append(rows, []string{u.Username, u.DisplayName, u.Role.Label(), u.Region,
				userRegionName(ctx, a, u.Region), userYesNo(u.Disabled, "已停用", "正常"), userYesNo(u.Demo, "是", "")})
		}
		userTable(stdout, rows)
		return nil
	})
}

func userYesNo(b bool, t, f string) string {
	if b {
		return t
	}
	return f
}

// userNoArgs accepts -h and nothing else.
func userNoArgs(name string, args []string, stderr io.Writer) error {
	pos, err := parseFlags(newFlags(name, stderr), args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{name + " 不接受参数"}
	}
	return nil
}

// userOneArg parses a subcommand that takes exactly one positional argument.
func userOneArg(name string, args []string, stderr io.Writer) (string, error) {
	pos, err := parseFlags(newFlags(name, stderr), args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		return "", usageError{"用法: fangpin " + name}
	}
	return pos[0], nil
}

func userDisable(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	name, err := userOneArg("user disable NAME", args, stderr)
	if err != nil {
		return err
	}
	return withAuth(ctx, g, func(s *auth.Service, a *app) error {
		if err := s.DisableUser(ctx, name); err != nil {
			return userError(name, err)
		}
		fmt.Fprintf(stdout, "已停用用户 %s：其会话已结束，API 令牌已撤销\n", auth.NormalizeUsername(name))
		return cliAudit(ctx, a, "user.disable", auth.NormalizeUsername(name), "", nil)
	})
}

func userPasswd(ctx context.Context, g globals, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	name, err := userOneArg("user passwd NAME（新密码从标准输入读取）", args, stderr)
	if err != nil {
		return err
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	return withAuth(ctx, g, func(s *auth.Service, a *app) error {
		if err := s.SetPassword(ctx, name, password); err != nil {
			return fmt.Errorf("未修改密码：%w", userError(name, err))
		}
		fmt.Fprintf(stdout, "已修改用户 %s 的密码，其已登录的会话均已结束\n", auth.NormalizeUsername(name))
		return cliAudit(ctx, a, "user.password", auth.NormalizeUsername(name), "", nil)
	})
}

// tokenUserFlag parses a token subcommand's --user NAME (and --name for create).
func tokenUserFlag(name string, args []string, stderr io.Writer, label *string) (string, error) {
	fs := newFlags(name, stderr)
	user := fs.String("user", "", "username")
	if label != nil {
		fs.StringVar(label, "name", "", "a label for the token (what uses it)")
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) > 0 || *user == "" {
		return "", usageError{"用法: fangpin " + name + " --user NAME"}
	}
	return *user, nil
}

func tokenCreate(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	var label string
	user, err := tokenUserFlag("token create", args, stderr, &label)
	if err != nil {
		return err
	}
	return withAuth(ctx, g, func(s *auth.Service, a *app) error {
		plain, err := s.CreateToken(ctx, user, label)
		if err != nil {
			return fmt.Errorf("未创建令牌：%w", userError(user, err))
		}
		fmt.Fprintln(stdout, plain)
		fmt.Fprintf(stderr, "已为用户 %s 创建 API 令牌；它只显示这一次，请妥善保存\n", auth.NormalizeUsername(user))
		return cliAudit(ctx, a, "token.create", auth.NormalizeUsername(user), "", map[string]string{"name": label})
	})
}

func tokenList(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	user, err := tokenUserFlag("token list", args, stderr, nil)
	if err != nil {
		return err
	}
	return withAuth(ctx, g, func(s *auth.Service, _ *app) error {
		ts, err := s.ListTokens(ctx, user)
		if err != nil {
			return userError(user, err)
		}
		rows := [][]string{{"ID", "名称", "创建时间", "最后使用", "状态"}}
		for _, t := range ts {
			rows = append(rows, []string{strconv.FormatInt(t.ID, 10), t.Name, userLocalTime(t.CreatedAt),
				userLocalTime(t.LastUsedAt), tokenState(t)})
		}
		userTable(stdout, rows)
		return nil
	})
}

func tokenState(t auth.Token) string {
	switch {
	case t.RevokedAt != "":
		return "已撤销"
	case !t.Active(time.Now()):
		return "已过期"
	}
	return "有效"
}

// userLocalTime shows a stored UTC timestamp in China time ("" stays "").
func userLocalTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.In(civil.Zone).Format("2006-01-02 15:04")
}

func tokenRevoke(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) error {
	arg, err := userOneArg("token revoke ID", args, stderr)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("令牌 ID %q 应为正整数（见 fangpin token list --user NAME）", arg)}
	}
	return withAuth(ctx, g, func(s *auth.Service, a *app) error {
		if err := s.RevokeToken(ctx, id); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("令牌 %d 不存在", id)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已撤销令牌 %d\n", id)
		return cliAudit(ctx, a, "token.revoke", strconv.FormatInt(id, 10), "", nil)
	})
}

// userTable prints rows in columns aligned for a terminal, where Chinese
// characters take two columns (text/tabwriter counts them as one).
func userTable(w io.Writer, rows [][]string) {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], userDisplayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-userDisplayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// userDisplayWidth counts wide (CJK) characters as two columns.
func userDisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x30FF || r >= 0xFF01 && r <= 0xFF60 {
			n++
		}
	}
	return n
}
