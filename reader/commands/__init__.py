"""The command line's subcommands that are more than a few lines each."""
