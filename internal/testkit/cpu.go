package testkit

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time (user and system) the process has used so far.
// Benchmarks report it per operation beside the wall time: on a shared
// machine the wall time grows with the load, the CPU time far less.
func CPUTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
