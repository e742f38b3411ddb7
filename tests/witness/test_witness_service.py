"""The witness's checks in process (WitnessService on a temporary SQLite file, clock injected): every refusal
leaves the stored state exactly as it was; the cosignature carries the injected time; the note keeps one line
of this witness."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.checkpoint import EM_DASH, MAX_NOTE_SIGNATURES, parse_note
from node.witness.errors import (Inconsistent, MalformedRequest, NotSigned, OldSizeMismatch, SplitViewRefused, UnknownLog,
                                 WitnessError)
from node.witness.service import WitnessService
from node.witness.store import WitnessStore
from witness_helpers import ORIGINS, WITNESS_NAME, SignedLog, add_body, check_cosignature, seed, trust_for

NOW = 1_750_000_000


@pytest.fixture
def service(tmp_path: Path) -> Iterator[WitnessService]:
    """A witness trusting ORIGINS[0], its clock fixed at NOW, the log cosigned at size 8."""
    witness = WitnessService(WITNESS_NAME, seed(WITNESS_NAME), [trust_for(ORIGINS[0])], WitnessStore(tmp_path / "w.db"),
                             lambda: NOW)
    witness.add_checkpoint(add_body(0, [], SignedLog(ORIGINS[0]).grow(8).note()))
    yield witness
    witness.close()


def refusals() -> list[tuple[bytes, type[WitnessError]]]:
    """One request per refusal, each against the log cosigned at size 8."""
    signed = SignedLog(ORIGINS[0]).grow(12)
    proof = signed.proof(8)
    return [(b"old 8\n", MalformedRequest),
            (add_body(13, [], signed.note()), MalformedRequest),
            (add_body(8, proof, signed.note(signers=2)), NotSigned),
            (add_body(0, [], SignedLog(ORIGINS[1]).grow(1).note()), UnknownLog),
            (add_body(4, signed.proof(4), signed.note()), OldSizeMismatch),
            (add_body(8, [bytes(32)] * len(proof), signed.note()), Inconsistent),
            (add_body(8, [], signed.note(size=8, root=bytes(32))), SplitViewRefused)]


@pytest.mark.parametrize("body, error", refusals())
def test_invalid_request_raises_and_leaves_state_unchanged(service: WitnessService, body: bytes,
                                                           error: type[WitnessError]) -> None:
    before = service.heads()
    with pytest.raises(error):
        service.add_checkpoint(body)
    assert service.heads() == before


def test_split_view_is_kept_once_as_evidence(service: WitnessService) -> None:
    fork = SignedLog(ORIGINS[0]).grow(8).note(root=bytes(32))
    for _ in range(2):
        with pytest.raises(SplitViewRefused):
            service.add_checkpoint(add_body(8, [], fork))
    assert [(c.size, c.root_refused, c.note, c.time) for c in service.conflicts()] == [(8, bytes(32), fork, NOW)]


def test_cosignature_carries_the_clocks_time(service: WitnessService) -> None:
    signed = SignedLog(ORIGINS[0]).grow(10)
    lines = service.add_checkpoint(add_body(8, signed.proof(8), signed.note()))
    assert check_cosignature(lines.rstrip("\n"), signed.note(), service.identity.pubkey) == NOW


def test_stored_note_keeps_one_line_of_this_witness(service: WitnessService) -> None:
    signed = SignedLog(ORIGINS[0]).grow(8)
    echoed = service.latest(signed.origin).note  # the note with the witness's own line, sent back
    service.add_checkpoint(add_body(8, [], echoed))
    assert service.latest(signed.origin).note.count(f"{EM_DASH} {WITNESS_NAME} ") == 1


def test_a_full_note_still_parses_with_the_witness_line(service: WitnessService) -> None:
    signed = SignedLog(ORIGINS[0]).grow(9)
    full = signed.note() + "".join(f"{EM_DASH} other.witness/{i} AAAA\n" for i in range(MAX_NOTE_SIGNATURES - 3))
    line = service.add_checkpoint(add_body(8, signed.proof(8), full))
    stored = service.latest(signed.origin).note
    assert len(parse_note(stored).signatures) + len(parse_note(stored).unparsed) == MAX_NOTE_SIGNATURES
    assert stored.endswith(line) and stored.startswith(signed.note())


def test_two_services_on_one_file_never_cosign_two_roots_for_one_size(tmp_path: Path) -> None:
    services = [WitnessService(WITNESS_NAME, seed(WITNESS_NAME), [trust_for(ORIGINS[0])], WitnessStore(tmp_path / "w.db"),
                               lambda: NOW) for _ in range(2)]  # two connections, as two processes would have
    signed = SignedLog(ORIGINS[0]).grow(6)
    notes = (signed.note(), signed.note(root=bytes(32)))  # two roots for size 6, sent at once
    answers: list[object] = []

    def submit(service: WitnessService, note: str) -> None:
        try:
            answers.append(service.add_checkpoint(add_body(0, [], note)))
        except WitnessError as exc:
            answers.append(exc)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(services, notes, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(a).__name__ for a in answers) == ["OldSizeMismatch", "str"]  # one cosigned, one refused
    assert len({service.latest(signed.origin) for service in services}) == 1
    for service in services:
        service.close()
