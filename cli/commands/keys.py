"""`tanledger keys`: make and show Ed25519 key files."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..console import out
from ..keyfile import load_key, new_key

app = typer.Typer(help="Make and show Ed25519 key files (seed, public key).", no_args_is_help=True)


@app.command("new")
def keys_new(file: Annotated[Path, typer.Argument(help="where to write the key file (must not exist)")],
             name: Annotated[str | None, typer.Option(help="the account id the key signs for; default the file's stem")] = None) -> None:
    """Generate a fresh key from the operating system's randomness; written with mode 0600."""
    key = new_key(file, name or file.stem)
    out.print(f"wrote {file} (mode 0600)")
    out.print(f"name   {key.name}")
    out.print(f"pubkey {key.pubkey.hex()}")


@app.command("show")
def keys_show(file: Annotated[Path, typer.Argument(help="a key file")]) -> None:
    """Print a key file's name and public key (never its seed)."""
    key = load_key(file)
    out.print(f"name   {key.name}")
    out.print(f"pubkey {key.pubkey.hex()}")
