//go:build unix && !linux

package llamacpp

// leaderWaitable reports false: without Linux's waitid(WNOWAIT) the group is
// cleaned up only after the leader is reaped.
func leaderWaitable(pid int) bool { return false }
