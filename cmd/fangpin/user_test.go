package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"fangpin/internal/auth"
	"fangpin/internal/store"
	"fangpin/internal/store/storetest"
	"fangpin/internal/testkit"
)

// fangpinStdin runs the command line in-process with the given standard input.
func fangpinStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

type cliCase struct {
	name   string
	stdin  string
	args   []string
	code   int
	stdout string // a part of standard output
	stderr string // a part of standard error
}

func runCases(t *testing.T, cli func(stdin string, args ...string) (int, string, string), cases []cliCase) {
	t.Helper()
	for _, c := range cases {
		code, out, errs := cli(c.stdin, c.args...)
		if code != c.code || !strings.Contains(out, c.stdout) || !strings.Contains(errs, c.stderr) {
			t.Errorf("%s: fangpin %v = %d\nstdout: %s\nstderr: %s\nwant %d, %q, %q", c.name, c.args, code, out, errs, c.code, c.stdout, c.stderr)
		}
	}
}

const cliPass = "Gansu-Jinchang-7x\n"

func TestUserCommands(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			db := storetest.MigratedURL(t, kind)
			data := t.TempDir()
			cli := func(stdin string, args ...string) (int, string, string) {
				return fangpinStdin(t, stdin, append([]string{"--db", db, "--data", data}, args...)...)
			}
			if code, _, errs := cli("", "import", "regions", write(t, "r.csv", testkit.RegionsCSV)); code != 0 {
				t.Fatalf("import regions: %d %s", code, errs)
			}
			runCases(t, cli, []cliCase{
				{"empty list", "", []string{"user", "list"}, 0, "暂无用户", ""},
				{"add", cliPass, []string{"user", "add", "Wang", "--role", "township", "--region", "620321100000", "--display-name", "王五"},
					0, "已创建用户 wang（乡镇，620321100000 城关镇）", ""},
				{"flags first", "Another-Secret-42\r\n", []string{"user", "add", "--role", "admin", "--region", "620000000000", "admin"}, 0, "系统管理员", ""},
				{"duplicate", cliPass, []string{"user", "add", "WANG", "--role", "county", "--region", "620321000000"}, 1, "", "用户名已存在"},
				{"weak password", "password\n", []string{"user", "add", "li", "--role", "county", "--region", "620321000000"}, 1, "", "密码至少需要10个字符"},
				{"common password", "Admin@123456\n", []string{"user", "add", "li", "--role", "county", "--region", "620321000000"}, 1, "", "密码过于常见"},
				{"no password", "", []string{"user", "add", "li", "--role", "county", "--region", "620321000000"}, 1, "", "未从标准输入读到密码"},
				{"unknown region", cliPass, []string{"user", "add", "li", "--role", "county", "--region", "629900000000"}, 1, "", "区划代码 629900000000 不存在"},
				{"bad name", cliPass, []string{"user", "add", "li si", "--role", "county", "--region", "620321000000"}, 1, "", "用户名只能包含"},
				{"unknown role", cliPass, []string{"user", "add", "li", "--role", "root", "--region", "620321000000"}, 2, "", "未知角色"},
				{"missing role", cliPass, []string{"user", "add", "li", "--region", "620321000000"}, 2, "", "用法"},
				{"missing name", cliPass, []string{"user", "add", "--role", "county", "--region", "620321000000"}, 2, "", "用法"},
				{"unknown flag", cliPass, []string{"user", "add", "li", "--role", "county", "--region", "620321000000", "--nope"}, 2, "", ""},
				{"no subcommand", "", []string{"user"}, 2, "", "add, list"},
				{"unknown subcommand", "", []string{"user", "remove", "wang"}, 2, "", "remove"},
				{"list", "", []string{"user", "list"}, 0, "wang    王五  乡镇        620321100000  城关镇    正常", ""},
				{"list args", "", []string{"user", "list", "x"}, 2, "", ""},
				{"passwd weak", "wang-Secret-1\n", []string{"user", "passwd", "wang"}, 1, "", "不能包含用户名"},
				{"passwd unknown", cliPass, []string{"user", "passwd", "nobody"}, 1, "", "用户 nobody 不存在"},
				{"passwd", "New-Secret-2026\n", []string{"user", "passwd", "wang"}, 0, "已修改用户 wang 的密码", ""},
				{"passwd no name", cliPass, []string{"user", "passwd"}, 2, "", ""},
			})
			if code, out, _ := cli("", "user", "list"); code != 0 || strings.Contains(out, "li") {
				t.Errorf("a rejected user was created:\n%s", out)
			}
			checkLogin(t, db, "wang", "New-Secret-2026")
			testTokenCommands(t, db, cli)
			runCases(t, cli, []cliCase{
				{"disable", "", []string{"user", "disable", "wang"}, 0, "已停用用户 wang", ""},
				{"disable unknown", "", []string{"user", "disable", "nobody"}, 1, "", "用户 nobody 不存在"},
				{"disabled in list", "", []string{"user", "list"}, 0, "已停用", ""},
				{"token for disabled", "", []string{"token", "create", "--user", "wang"}, 1, "", "用户已停用"},
			})
		})
	}
}

func testTokenCommands(t *testing.T, db string, cli func(stdin string, args ...string) (int, string, string)) {
	t.Helper()
	code, out, errs := cli("", "token", "create", "--user", "wang", "--name", "统计接口")
	if code != 0 || !regexp.MustCompile(`^fp_[A-Za-z0-9_-]{43}\n$`).MatchString(out) || !strings.Contains(errs, "只显示这一次") {
		t.Fatalf("token create = %d\nstdout: %q\nstderr: %s", code, out, errs)
	}
	checkToken(t, db, strings.TrimSpace(out), "wang")
	runCases(t, cli, []cliCase{
		{"flags after", "", []string{"token", "create", "--user", "admin"}, 0, "fp_", ""},
		{"list", "", []string{"token", "list", "--user", "wang"}, 0, "1   统计接口", ""},
		{"list state", "", []string{"token", "list", "--user", "wang"}, 0, "有效", ""},
		{"unknown user", "", []string{"token", "create", "--user", "nobody"}, 1, "", "用户 nobody 不存在"},
		{"list unknown user", "", []string{"token", "list", "--user", "nobody"}, 1, "", "用户 nobody 不存在"},
		{"no user", "", []string{"token", "create"}, 2, "", "--user"},
		{"positional", "", []string{"token", "create", "wang"}, 2, "", ""},
		{"revoke", "", []string{"token", "revoke", "1"}, 0, "已撤销令牌 1", ""},
		{"revoked in list", "", []string{"token", "list", "--user", "wang"}, 0, "已撤销", ""},
		{"revoke unknown", "", []string{"token", "revoke", "99"}, 1, "", "令牌 99 不存在"},
		{"revoke bad id", "", []string{"token", "revoke", "abc"}, 2, "", "正整数"},
		{"revoke no id", "", []string{"token", "revoke"}, 2, "", ""},
		{"no subcommand", "", []string{"token"}, 2, "", "create"},
	})
}

// openAuth opens the database behind a CLI test.
func openAuth(t *testing.T, db string) *auth.Service {
	t.Helper()
	d, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return auth.NewService(d)
}

func checkLogin(t *testing.T, db, user, password string) {
	t.Helper()
	if _, err := openAuth(t, db).Authenticate(context.Background(), user, password, ""); err != nil {
		t.Errorf("log in as %s: %v", user, err)
	}
}

func checkToken(t *testing.T, db, token, user string) {
	t.Helper()
	u, err := openAuth(t, db).UserFromToken(context.Background(), token)
	if err != nil || u.Username != user {
		t.Errorf("token of %s: %+v, %v", user, u, err)
	}
}
