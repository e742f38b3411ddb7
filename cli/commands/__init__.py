"""One module per command group; each is a thin layer: parse, call one function, print."""
