package cli

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// checkNumbers rejects a negative value given to any numeric flag of cmd:
// every count, size, limit and duration of the command line is zero or
// more, and a negative one was taken silently (--workers -5 ran with the
// default, --max-size -1 refused every file with a misleading message).
func checkNumbers(cmd *cobra.Command) error {
	var err error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if err != nil || !negative(f.Value) {
			return
		}
		err = fmt.Errorf("--%s %s: give a value of 0 or more (--%s: %s)", f.Name, f.Value, f.Name, f.Usage)
	})
	return err
}

// negative reports whether a numeric flag value is below zero.
func negative(v pflag.Value) bool {
	switch v.Type() {
	case "int", "int8", "int16", "int32", "int64", "float32", "float64":
		n, err := strconv.ParseFloat(v.String(), 64)
		return err == nil && n < 0
	case "duration":
		d, err := time.ParseDuration(v.String())
		return err == nil && d < 0
	}
	return false
}
