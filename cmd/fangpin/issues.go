package main

import (
	"errors"
	"fmt"
	"io"

	"fangpin/internal/registry"
)

// reportIssues prints the problems of an all-or-nothing file import on
// stderr (`FILE 第N行 X列「列」：…`, then how many more were not listed) and
// turns a rejected file (registry.ErrRejected) into exit 3.
func reportIssues(stderr io.Writer, name string, issues []registry.Issue, count int, err error) error {
	for _, is := range issues {
		fmt.Fprintf(stderr, "%s %s\n", name, is)
	}
	if more := count - len(issues); more > 0 {
		fmt.Fprintf(stderr, "%s 另有 %d 处错误未列出\n", name, more)
	}
	if errors.Is(err, registry.ErrRejected) {
		return rejectedError{fmt.Sprintf("%s：发现 %d 处错误，未导入任何数据", name, count)}
	}
	return err
}
