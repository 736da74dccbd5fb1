"""The command line: CLI, batches, inputs, reports."""
