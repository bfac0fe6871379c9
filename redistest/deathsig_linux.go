package redistest

import "syscall"

// setDeathSignal asks Linux to SIGKILL the server when the test process
// exits, so a test binary killed by its timeout leaves no orphan.
func setDeathSignal(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
