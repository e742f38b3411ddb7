"""Constants and checks shared by the CLI tests."""
import re

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


EXCEPTION_NAME = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b")


def assert_one_line(result, code: str, *parts: str) -> str:
    """The result is exit code 1 and one line `error[code]: …` holding every part; return that line."""
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"error[{code}]: "), lines[0]
    assert not EXCEPTION_NAME.search(lines[0]), lines[0]
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]
