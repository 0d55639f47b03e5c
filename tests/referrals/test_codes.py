"""Invitation codes name their member and nobody else."""

import random

import pytest

from app.referrals.codes import MAX_ID, invite_code, member_of_code


def test_codes_round_trip_and_differ():
    ids = list(range(1, 5000)) + random.Random(3).sample(range(5000, MAX_ID), 5000)
    codes = [invite_code(i) for i in ids]
    assert len(set(codes)) == len(ids)
    assert all(len(c) == 9 for c in codes)
    assert [member_of_code(c) for c in codes] == ids
    assert member_of_code(codes[0].lower() + " ") == 1


@pytest.mark.parametrize("bad", ["", "ABC", "0000000000", "RZJKUYJ9H", "RZJKUYJ9", None])
def test_malformed_or_mistyped_codes_name_nobody(bad):
    assert member_of_code(bad) is None


def test_one_changed_character_is_caught():
    for member_id in range(1, 500):
        code = invite_code(member_id)
        for at in range(len(code)):
            changed = code[:at] + ("A" if code[at] != "A" else "B") + code[at + 1 :]
            assert member_of_code(changed) is None
