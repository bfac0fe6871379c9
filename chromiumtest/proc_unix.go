//go:build unix

package chromiumtest

import (
	"os/exec"
	"syscall"
)

// setProcAttr puts chromium in a process group of its own, so that
// killGroup reaches the renderer and helper processes it starts.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup sends SIGKILL to chromium's whole process group.
func killGroup(cmd *exec.Cmd) error {
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		return cmd.Process.Kill()
	}
	return nil
}
