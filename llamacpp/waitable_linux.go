package llamacpp

import (
	"errors"

	"golang.org/x/sys/unix"
)

// leaderWaitable blocks until process pid has exited, without reaping it,
// and reports whether it could tell.
func leaderWaitable(pid int) bool {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if !errors.Is(err, unix.EINTR) {
			return err == nil
		}
	}
}
