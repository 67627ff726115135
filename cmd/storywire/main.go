// Command storywire turns a pile or a stream of news articles into a
// structured picture of what happened. All of its work is done in
// internal/cli; main only hands over the process's arguments and streams.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/storywire/storywire/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	exe, _ := os.Executable()
	code := cli.Run(ctx, os.Args[1:], cli.Env{
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Getenv:  os.Getenv,
		Program: cli.ProgramName(os.Args[0], exe),
	})
	stop()
	os.Exit(code)
}
