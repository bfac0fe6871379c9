//go:build !unix

package chromiumtest

import "os/exec"

// setProcAttr does nothing on systems without process groups.
func setProcAttr(*exec.Cmd) {}

// killGroup kills the chromium process.
func killGroup(cmd *exec.Cmd) error { return cmd.Process.Kill() }
