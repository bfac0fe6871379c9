package redisqueue

import (
	"context"
	"fmt"
	"log/slog"
	"os"
)

// asynqLogger passes asynq's log lines to a slog.Logger.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) log(level slog.Level, args []any) {
	a.l.Log(context.Background(), level, "asynq: "+fmt.Sprint(args...))
}

// Debug logs at debug level.
func (a asynqLogger) Debug(args ...any) { a.log(slog.LevelDebug, args) }

// Info logs at info level.
func (a asynqLogger) Info(args ...any) { a.log(slog.LevelInfo, args) }

// Warn logs at warning level.
func (a asynqLogger) Warn(args ...any) { a.log(slog.LevelWarn, args) }

// Error logs at error level.
func (a asynqLogger) Error(args ...any) { a.log(slog.LevelError, args) }

// Fatal logs at error level and exits, as asynq expects of a Logger.
func (a asynqLogger) Fatal(args ...any) {
	a.log(slog.LevelError, args)
	os.Exit(1)
}
