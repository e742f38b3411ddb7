"""Console output and the one error handler of the command line.

Every command runs inside `ErrorMappingGroup.invoke`: a `LedgerError`, a node's 4xx answer
`{code, message}`, a refused connection, a bad URL or a usage error (a typo in a command, an option's bad value)
becomes ONE red line on stderr and exit code 1.
"""
from __future__ import annotations

import sys
from typing import Any

import httpx
import typer
from rich.console import Console
from typer.core import TyperGroup

from ledger.errors import LedgerError

try:  # newer typer releases carry their own copy of click
    from typer._click.exceptions import ClickException, MissingParameter, NoArgsIsHelpError
except ImportError:  # pragma: no cover - typer that uses click itself
    from click.exceptions import ClickException, MissingParameter, NoArgsIsHelpError  # type: ignore[assignment]

# Piped or captured output gets a fixed width wide enough for the tables; a terminal keeps its own.
WIDTH_WHEN_PIPED = 140
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else WIDTH_WHEN_PIPED)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else WIDTH_WHEN_PIPED)


class CliError(Exception):
    """An error the command line reports as `error[code]: message`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class ApiError(CliError):
    """A node answered with an HTTP error and a `{code, message}` body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code, message)
        self.status = status


def json_problem(exc: ValueError) -> str:
    """Where a JSON text fails to parse, in words (line and column), or why it cannot be decoded."""
    import json

    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg.lower()} at line {exc.lineno}, column {exc.colno}"
    return "not UTF-8 text"


def fail_line(code: str, message: str) -> str:
    """The one line shown for an error (rich markup escaped)."""
    from rich.markup import escape

    return f"[bold red]error{escape(f'[{code}]')}[/bold red][red]: {escape(message)}[/red]"


def describe(exc: BaseException) -> tuple[str, str] | None:
    """(code, message) for the errors the command line handles; None for a real bug."""
    if isinstance(exc, CliError):
        return exc.code, exc.message
    if isinstance(exc, LedgerError):
        return exc.code, exc.message
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        url = f"{exc.request.url.scheme}://{exc.request.url.netloc.decode()}" if exc._request is not None else "the node"
        return "connection_refused", f"cannot reach the node at {url}: is `tanledger node start` running?"
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", "the node did not answer in time; is it overloaded or behind a firewall?"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "invalid_url", "the node's URL must read like http://127.0.0.1:1317 (scheme, host and port)"
    if isinstance(exc, httpx.HTTPError):
        return "connection", f"the exchange with the node failed: {str(exc) or 'the connection closed'}"
    if isinstance(exc, OSError) and exc.filename:
        return "io", f"{exc.strerror}: {exc.filename}"
    if isinstance(exc, MissingParameter):
        return "missing_option", usage_message(exc)
    if isinstance(exc, typer.BadParameter):
        return "invalid_option", usage_message(exc)
    if isinstance(exc, ClickException) and not isinstance(exc, NoArgsIsHelpError):
        return "usage", usage_message(exc)
    return None


def usage_message(exc: ClickException) -> str:
    """A usage error's message, with the command it concerns and where to read its help."""
    ctx = getattr(exc, "ctx", None)
    message = exc.format_message().replace("\n", " ").strip()
    if ctx is None:
        return message
    return f"{message} (see `{ctx.command_path} --help`)"


def report(exc: BaseException) -> None:
    """Print the one line of a handled error and exit with code 1; re-raise a real bug as it is."""
    described = describe(exc)
    if described is None:
        raise exc
    err.print(fail_line(*described))
    raise typer.Exit(1) from None


class ErrorMappingGroup(TyperGroup):
    """The root command group: runs the chosen command and maps known errors to one line."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (CliError, LedgerError, httpx.HTTPError, httpx.InvalidURL, OSError, ClickException) as exc:
            report(exc)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse the root's own options; a usage error there (an unknown option) is one line too."""
        try:
            return super().parse_args(ctx, args)
        except ClickException as exc:
            report(exc)
            raise  # unreachable: report raises
