"""The `tanledger` command line: a thin client of the node (over HTTP) and of the kernel (keys, replay).

Commands live in `cli/commands/`; `cli/main.py` assembles them into one Typer app whose root
group maps every error to one red line and exit code 1 (`cli/console.py`).
"""
