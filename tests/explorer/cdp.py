"""A tiny Chrome DevTools Protocol client over the standard library: headless Chromium, no driver.

Why CDP and not WebDriver: CDP needs only the `chromium` binary (no `chromium-driver`, no
Python package: the RFC 6455 client below is ~60 lines of `socket`), and it gives what the
tests need directly: console messages and uncaught exceptions as events, `Runtime.evaluate`
with promises awaited, and PNG screenshots. Chromium writes the port it chose into
`<user-data-dir>/DevToolsActivePort`, so there is no port race. One websocket carries every
page as a flat session (`Target.attachToTarget` with `flatten`).
"""
from __future__ import annotations

import base64
import json
import os
import signal
import socket
import struct
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                  "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                  "--remote-debugging-port=0")
STARTUP_WAIT_S = 30.0  # how long Chromium may take to open its DevTools port
REPLY_WAIT_S = 30.0  # how long one CDP command may take to answer


class CdpError(Exception):
    """A CDP command failed, or a page script threw."""


class WebSocket:
    """A client websocket (RFC 6455): text frames out (masked), frames in, pings answered."""

    def __init__(self, host: str, port: int, path: str) -> None:
        self.sock = socket.create_connection((host, port), timeout=REPLY_WAIT_S)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise CdpError("DevTools closed the connection during the websocket handshake")
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise CdpError(f"websocket handshake refused: {head.decode(errors='replace').splitlines()[0]}")

    def send(self, text: str) -> None:
        payload = text.encode()
        mask = os.urandom(4)
        n = len(payload)
        header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else
                                  bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else
                                  bytes([0x80 | 127]) + struct.pack(">Q", n))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _read(self, n: int) -> bytes:
        data = bytearray()
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise CdpError("DevTools closed the websocket")
            data += chunk
        return bytes(data)

    def receive(self) -> str:
        """The next whole text message (continuation frames joined; pings answered)."""
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n >= 126:
                n = struct.unpack(">H" if n == 126 else ">Q", self._read(2 if n == 126 else 8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 0x9:  # ping
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + bytes(4) + payload)
                continue
            if opcode == 0x8:
                raise CdpError("DevTools closed the websocket")
            message += payload
            if b0 & 0x80:
                return message.decode()

    def close(self) -> None:
        self.sock.close()


class Browser:
    """A headless Chromium process and the DevTools websocket to it."""

    def __init__(self) -> None:
        if not CHROMIUM.exists():
            raise CdpError(f"{CHROMIUM} is missing: install Debian's chromium package "
                           "(.ci/run does: apt-get install -y chromium)")
        self.profile = tempfile.TemporaryDirectory(prefix="tanledger-chromium-")
        self.process = subprocess.Popen([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={self.profile.name}",
                                         "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        port, path = self._devtools_address()
        self.ws = WebSocket("127.0.0.1", port, path)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def _devtools_address(self) -> tuple[int, str]:
        active = Path(self.profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + STARTUP_WAIT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CdpError(f"chromium exited with code {self.process.returncode} at start")
            lines = active.read_text().split("\n") if active.exists() else []
            if len(lines) >= 2 and lines[1]:
                return int(lines[0]), lines[1]
            time.sleep(0.05)
        raise CdpError(f"chromium did not open its DevTools port within {STARTUP_WAIT_S} s")

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept in `events`."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.receive())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise CdpError(f"{method}: {reply['error']}")
                return reply["result"]
            if "method" in reply:
                self.events.append(reply)

    def new_page(self) -> Page:
        """A new tab with Page, Runtime and Log events on."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1,
                                                         "mobile": False}, session=session)
        return page

    def close(self) -> None:
        """Close the websocket, end this Chromium's process group, remove its profile."""
        try:
            self.ws.close()
        finally:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.profile.cleanup()


class Page:
    """One tab: navigate, evaluate scripts (promises awaited), wait for a condition, screenshot."""

    def __init__(self, browser: Browser, session: str, target: str) -> None:
        self.browser = browser
        self.session = session
        self.target = target

    def close(self) -> None:
        """Close the tab."""
        self.browser.send("Target.closeTarget", {"targetId": self.target})

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def goto(self, url: str) -> None:
        """Load `url` and wait for its load event."""
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of `expression` (a promise is awaited); raise CdpError if it throws."""
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True, "userGesture": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise CdpError(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    def wait_for(self, condition: str, wait_s: float = 15.0) -> Any:
        """Poll the JS `condition` until it is truthy; return its value, or raise CdpError after `wait_s`."""
        deadline = time.monotonic() + wait_s
        while True:
            value = self.evaluate(condition)
            if value:
                return value
            if time.monotonic() > deadline:
                raise CdpError(f"still false after {wait_s} s: {condition}")
            time.sleep(0.05)

    def set_viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                         "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        """Save a PNG of the page (the whole scrollable height when `full_page`)."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        data = self.send("Page.captureScreenshot", params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def console_errors(self) -> list[str]:
        """Every console error, uncaught exception and failed load this tab reported so far."""
        out = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            method, params = event["method"], event["params"]
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                out.append(details.get("exception", {}).get("description") or details.get("text", ""))
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                out.append(f"{params['entry'].get('url', '')}: {params['entry']['text']}")
        return out
