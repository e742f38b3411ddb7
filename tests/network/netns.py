"""The project's own test hosts: one network namespace per validator on a bridge, to cut the network.

Validator i runs in namespace `tl<tag>v<i>` with address 10.<a>.<b>.(10+i)/24 on a veth whose host
end sits on bridge A (which also carries this machine's 10.<a>.<b>.1). `partition(names)` moves
those validators' veths to bridge B: they then reach each other but nobody on A, and this
machine reaches only A's side. `heal()` moves them back. Needs root and `ip` (iproute2).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


def available() -> str | None:
    """None if namespaces can be made here, else why not."""
    if shutil.which("ip") is None:
        return "iproute2's `ip` is not installed"
    if os.geteuid() != 0:
        return "network namespaces need root"
    probe = f"tlprobe{os.getpid() % 10000}"
    try:
        ip("netns", "add", probe)
        ip("netns", "del", probe)
    except subprocess.CalledProcessError as exc:
        return f"`ip netns add` failed: {exc.stderr.decode(errors='replace').strip()}"
    return None


@dataclass
class Hosts:
    """`count` namespaces on a bridge; addresses by index."""

    count: int
    tag: str = field(default_factory=lambda: f"{os.getpid() % 1000:03d}")
    moved: set[int] = field(default_factory=set)

    @property
    def subnet(self) -> str:
        n = int(self.tag)
        return f"10.{210 + n // 250}.{n % 250}"

    def address(self, i: int) -> str:
        return f"{self.subnet}.{10 + i}"

    def ns(self, i: int) -> str:
        return f"tl{self.tag}v{i}"

    def veth(self, i: int) -> str:
        return f"tl{self.tag}h{i}"

    def bridge(self, side: str) -> str:
        return f"tl{self.tag}b{side}"

    def prefix(self, i: int) -> list[str]:
        """The command prefix that runs a process on host i."""
        return ["ip", "netns", "exec", self.ns(i)]

    def create(self) -> None:
        for side in ("a", "b"):
            ip("link", "add", self.bridge(side), "type", "bridge")
            ip("link", "set", self.bridge(side), "up")
        ip("addr", "add", f"{self.subnet}.1/24", "dev", self.bridge("a"))
        for i in range(self.count):
            ip("netns", "add", self.ns(i))
            ip("link", "add", self.veth(i), "type", "veth", "peer", "name", "eth0", "netns", self.ns(i))
            ip("link", "set", self.veth(i), "master", self.bridge("a"), "up")
            ip("-n", self.ns(i), "addr", "add", f"{self.address(i)}/24", "dev", "eth0")
            ip("-n", self.ns(i), "link", "set", "eth0", "up")
            ip("-n", self.ns(i), "link", "set", "lo", "up")

    def partition(self, indices: list[int]) -> None:
        """Cut hosts `indices` off from the others (and from this machine)."""
        for i in indices:
            ip("link", "set", self.veth(i), "master", self.bridge("b"))
            self.moved.add(i)

    def heal(self) -> None:
        for i in sorted(self.moved):
            ip("link", "set", self.veth(i), "master", self.bridge("a"))
        self.moved.clear()

    def destroy(self) -> None:
        for i in range(self.count):
            subprocess.run(["ip", "netns", "del", self.ns(i)], capture_output=True)
            subprocess.run(["ip", "link", "del", self.veth(i)], capture_output=True)
        for side in ("a", "b"):
            subprocess.run(["ip", "link", "del", self.bridge(side)], capture_output=True)
