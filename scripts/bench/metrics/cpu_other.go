//go:build !linux

package main

import (
	"errors"
	"time"
)

var errNoCPUTimes = errors.New("CPU times are only read on Linux")

func selfCPU() (time.Duration, error) { return 0, errNoCPUTimes }

func processCPU(int) (time.Duration, error) { return 0, errNoCPUTimes }
