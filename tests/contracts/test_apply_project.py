"""Apply project: the feature's scenarios plus unit tests of its shape checks."""
from __future__ import annotations

import pytest
from pytest_bdd import scenarios

from contracts.apply_project import check_shape
from ledger.errors import InvalidField

from project_steps import *  # noqa: F403 (the steps the project features share)

scenarios("../features/apply_project.feature")


@pytest.mark.parametrize("bad", [{"project": "HW-1"}, {"project": "HW-1", "commitment_hash": "x"},
                                 {"project": "HW-1", "commitment_hash": "ef" * 32, "signed": True}])
def test_invalid_shape(bad: dict) -> None:
    with pytest.raises(InvalidField):
        check_shape(bad)
