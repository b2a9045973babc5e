"""One module per command: parse options, call core, render."""
