//go:build !linux

package cputime

import (
	"errors"
	"time"
)

var errNoCPUTimes = errors.New("CPU times are only read on Linux")

func Self() (time.Duration, error) { return 0, errNoCPUTimes }

func Process(int) (time.Duration, error) { return 0, errNoCPUTimes }
