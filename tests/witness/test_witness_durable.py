"""The witness's state survives kill -9, and concurrent add-checkpoint requests never roll it back.

C2SP tlog-witness: the check of the old size and the update are one atomic step, and a witness
never cosigns two roots for one size, also across restarts. One witness process for the module,
killed and restarted by the tests.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from ledger.errors import LedgerError
from witness_helpers import ORIGINS, SignedLog, WitnessProcess, add_body, start_witness, trust_for


@pytest.fixture(scope="module")
def witness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WitnessProcess]:
    """A witness of its own, which these tests kill."""
    process = start_witness(tmp_path_factory.mktemp("durable"), [trust_for(origin) for origin in ORIGINS[:4]])
    try:
        yield process
    finally:
        process.stop()


def served_size(witness: WitnessProcess, origin: str) -> int:
    """The size of the latest checkpoint the witness serves for `origin`."""
    response = httpx.get(f"{witness.url}/checkpoint", params={"origin": origin})
    assert response.status_code == 200, response.text
    return int(response.text.split("\n")[1])


def test_kill_9_keeps_the_cosigned_checkpoint(witness: WitnessProcess) -> None:
    signed = SignedLog(ORIGINS[0]).grow(5)
    cosigned = witness.add(0, [], signed.note())
    assert cosigned.status_code == 200
    witness.kill()
    witness.start()
    assert httpx.get(f"{witness.url}/checkpoint", params={"origin": signed.origin}).text == signed.note() + cosigned.text
    # Never a second root for size 5, nor a restart from 0
    assert witness.add(5, [], signed.note(root=bytes(32))).status_code == 409
    stale = witness.add(0, [], signed.note())
    assert (stale.status_code, stale.text) == (409, "5\n")
    signed.grow(3)
    assert witness.add(5, signed.proof(5), signed.note()).status_code == 200


def test_kill_9_mid_load_loses_no_answered_cosignature(witness: WitnessProcess) -> None:
    signed = SignedLog(ORIGINS[1]).grow(400)
    answered: list[int] = []

    def load() -> None:
        old = 0
        for size in range(1, 401):
            try:
                response = witness.add(old, signed.proof(old, size), signed.note(size))
            except httpx.TransportError:
                return
            if response.status_code == 200:
                answered.append(size)
                old = size

    thread = threading.Thread(target=load)
    thread.start()
    while len(answered) < 30:
        assert thread.is_alive(), "the load ended before the kill"
    witness.kill()
    thread.join(timeout=30)
    witness.start()
    size = served_size(witness, signed.origin)
    assert answered[-1] <= size <= answered[-1] + 1  # every answered cosignature is durable; at most one in flight
    assert witness.add(size, [], signed.note(size, root=bytes(32))).status_code == 409
    assert witness.add(size, [], signed.note(size)).status_code == 200


def test_concurrent_add_checkpoint_never_rolls_back(witness: WitnessProcess) -> None:
    signed = SignedLog(ORIGINS[2]).grow(120)
    accepted: list[tuple[int, int]] = []  # (old, size) of every 200
    lock = threading.Lock()

    def race(sizes: range) -> None:
        with httpx.Client(base_url=witness.url, timeout=10) as http:
            old = 0
            for size in sizes:
                if size <= old:
                    continue
                response = http.post("/add-checkpoint", content=add(signed, old, size))
                if response.status_code == 409 and response.headers["content-type"] == "text/x.tlog.size":
                    old = int(response.text)  # learn the witness's size, retry once from it
                    if old >= size:
                        continue
                    response = http.post("/add-checkpoint", content=add(signed, old, size))
                if response.status_code == 200:
                    with lock:
                        accepted.append((old, size))
                    old = size

    errors: list[BaseException] = []

    def run(sizes: range) -> None:
        try:
            race(sizes)
        except (httpx.HTTPError, AssertionError, LedgerError) as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(range(start, 121, 2),)) for start in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(accepted) > 10
    # Verify the accepted requests form one chain from 0: each starts where the previous one ended
    chain = sorted(accepted, key=lambda pair: pair[1])
    assert [old for old, _ in chain] == [0] + [size for _, size in chain[:-1]]
    assert served_size(witness, signed.origin) == chain[-1][1]


def add(signed: SignedLog, old: int, size: int) -> bytes:
    """The add-checkpoint body of the log at `size` from `old`."""
    return add_body(old, signed.proof(old, size), signed.note(size))

