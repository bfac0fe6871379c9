//go:build !unix

package redistest

import "os/exec"

// setProcAttr does nothing on systems without process groups.
func setProcAttr(*exec.Cmd) {}

// killGroup kills the server process.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
