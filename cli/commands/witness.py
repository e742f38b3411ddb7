"""`tanledger witness init|vkey|run`: an independent witness that cosigns the validators' checkpoints (C2SP)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..console import CliError, out
from ..keyfile import NewSeed, random_seed, write_private
from ..ports import check_free

app = typer.Typer(help="Run a witness: it cosigns each checkpoint that extends the last one it cosigned.",
                  no_args_is_help=True)

Home = Annotated[Path, typer.Option(help="the witness's folder (witness.key, witness.json, witness.db)")]


@app.command("init")
def witness_init(home: Home, name: Annotated[str, typer.Option(help="the witness's key name, e.g. witness.example/w1")]) -> None:
    """Make the witness's key (HOME/witness.key, mode 0600) and print its vkey for the trust file."""
    out.print(init_witness(home, name))


@app.command("vkey")
def witness_vkey(home: Home) -> None:
    """Print the witness's vkey: `<name>+<key ID>+<base64 key>` (C2SP signed-note)."""
    out.print(vkey_of(home))


@app.command("run")
def witness_run(
    home: Home,
    trust: Annotated[list[Path], typer.Option(help="the trust file of a log to witness (repeat for several logs)")],
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP port of add-checkpoint, checkpoint, info, conflicts, gossip")] = 2024,
    follow: Annotated[list[str] | None, typer.Option(help="a node URL to poll every second and cosign (repeatable)")] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error")] = "warning",
) -> None:
    """Serve the witness until Ctrl-C: POST /add-checkpoint, GET /checkpoint, /info, /conflicts, POST /gossip."""
    from node.witness.home import WitnessHomeError
    from node.witness.run import run_witness

    from .options import check_node_url

    for url in follow or []:
        check_node_url(url)
    check_free({port: "the witness"}, "--port", host if host not in ("0.0.0.0", "::") else "127.0.0.1")
    out.print(f"witness {vkey_of(home)} on http://{host}:{port}; Ctrl-C stops it", markup=False)
    try:
        run_witness(home, trust, host, port, follow or [], log_level)
    except WitnessHomeError as exc:
        raise CliError(exc.code, exc.message) from None


def init_witness(home: Path, name: str, new_seed: NewSeed = random_seed) -> str:
    """Write a new witness named `name` into `home` (witness.key 0600, witness.json); its vkey. Raise CliError if
    `name` is not a key name or `home` already holds a key."""
    from ledger.checkpoint import check_key_name
    from ledger.errors import BadNote
    from node.witness.home import IDENTITY_FILE, KEY_FILE, Identity, identity_json

    try:
        check_key_name(name)
    except BadNote:
        raise CliError("invalid_name", f"--name {name!r} must be non-empty, without spaces or '+'") from None
    identity = Identity(name, new_seed())
    write_private(home / KEY_FILE, identity.seed.hex() + "\n")
    (home / IDENTITY_FILE).write_text(identity_json(identity), encoding="utf-8")
    return vkey_of(home)


def vkey_of(home: Path) -> str:
    """The vkey of the witness of `home`; raise CliError if the home holds no witness."""
    from node.witness.home import WitnessHomeError, load_identity
    from ledger.cosignature import Witness, witness_vkey

    try:
        identity = load_identity(home)
    except WitnessHomeError as exc:
        raise CliError(exc.code, exc.message) from None
    return witness_vkey(Witness(identity.name, identity.pubkey))
