"""Ports a command is about to listen on: free, or one line saying which is taken, before any work is done."""
from __future__ import annotations

import errno
import socket

from .console import CliError

LOCAL = "127.0.0.1"


def is_free(port: int, host: str = LOCAL) -> bool:
    """True if a server could listen on `port` of `host` now (as uvicorn and CometBFT do, with SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            return exc.errno != errno.EADDRINUSE
    return True


def check_free(ports: dict[int, str], option: str, host: str = LOCAL) -> None:
    """Raise CliError(port_in_use) naming each taken port of `ports` ({port: what listens there}); 0 is never taken."""
    taken = [f"{port} ({what})" for port, what in ports.items() if port and not is_free(port, host)]
    if taken:
        raise CliError("port_in_use", f"port {', '.join(taken)} on {host} is already in use: stop what listens there "
                                      f"or choose another {option}")


def network_ports(count: int, api_base: int, rpc_base: int) -> dict[int, str]:
    """Every port of a local network of `count` validators: API ports count up, CometBFT RPC +10 each, P2P below RPC."""
    ports = {api_base + i: f"API of validator {i + 1}" for i in range(count)}
    for i in range(count):
        ports[rpc_base + 10 * i] = f"CometBFT RPC of validator {i + 1}"
        ports[rpc_base + 10 * i - 1] = f"CometBFT P2P of validator {i + 1}"
    return ports
