"""Run a witness: open its home and state, follow the nodes it is told to, serve its HTTP interface until stopped."""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from .follow import Follower
from .home import DB_FILE, load_identity, load_trust
from .http import create_app
from .service import WitnessService
from .store import WitnessStore


def wall_clock() -> int:
    """The machine's time in POSIX seconds: a cosignature's timestamp."""
    return int(time.time())


def open_service(home: Path, trust_files: Sequence[Path]) -> WitnessService:
    """The witness of `home` trusting the logs of `trust_files`; raise WitnessHomeError if unusable."""
    identity = load_identity(home)
    trusts = [load_trust(path) for path in trust_files]
    return WitnessService(identity.name, identity.seed, trusts, WitnessStore(home / DB_FILE), wall_clock)


def run_witness(home: Path, trust_files: Sequence[Path], host: str = "127.0.0.1", port: int = 2024,
                follow: Sequence[str] = (), log_level: str = "warning") -> None:
    """Serve the witness of `home` until SIGINT/SIGTERM, following the nodes at `follow`."""
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    service = open_service(home, trust_files)
    followers = [Follower(service, url) for url in follow]
    for follower in followers:
        follower.start()
    try:
        uvicorn.run(create_app(service), host=host, port=port, log_level=log_level)
    finally:
        for follower in followers:
            follower.stop()
        service.close()
