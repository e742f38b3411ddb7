"""Constants shared by the CLI tests."""
from contracts.fields import uscc_with_check

A = uscc_with_check("91110100MA0000001")  # two key emitting entities of Beijing
B = uscc_with_check("91110100MA0000002")
DEADLINE = "2025-12-31T23:59:59+08:00"


def free_port_url() -> str:
    """The URL of a local port nobody listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
