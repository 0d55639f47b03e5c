"""A marketer finds members by any part of their name, phone, email or member ID."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from app.extensions import db
from app.models import Member
from tests.browser.test_members import search

pytestmark = pytest.mark.browser


@pytest.fixture
def more(shop):
    db.session.add_all(
        [
            Member(
                external_id="M0000005",
                name="王小明",
                phone="13600001234",
                email="xiaoming.wang@gmail.com",
                tier="basic",
            ),
            Member(
                external_id="M0000006",
                name="Chen Jing",
                phone="13500005678",
                email="chenjing88@GMail.com",
                tier="basic",
            ),
        ]
    )
    db.session.commit()


def _count_like(pattern: str) -> int:
    """Members with ``pattern`` anywhere in one field, recounted straight from the table."""
    return db.session.scalar(
        text(
            "SELECT count(*) FROM members WHERE lower(coalesce(name, '')) LIKE :p "
            "OR lower(coalesce(email, '')) LIKE :p OR coalesce(phone, '') LIKE :p "
            "OR lower(external_id) LIKE :p"
        ),
        {"p": f"%{pattern}%"},
    )


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("gmail", ["王小明", "Chen Jing"]),
        ("9002", ["Wang Wei"]),
        ("xiaoyun", ["Li Xiaoyun"]),
        ("Jing", ["Chen Jing"]),
        ("小明", ["王小明"]),
        ("0000005", ["王小明"]),
    ],
)
def test_search_by_any_part_of_a_field(sign_in, more, typed, found):
    page: Page = sign_in()
    page.goto("/members")
    rows = search(page, typed)
    expect(rows).to_have_count(_count_like(typed.lower()))
    for name in found:
        expect(rows.filter(has_text=name)).to_have_count(1)
    assert _count_like(typed.lower()) == len(found)


@pytest.mark.parametrize("typed", ["小明", "明", "芳王", "鑫"])
def test_one_or_two_characters_find_members_anywhere_with_a_count(sign_in, more, typed):
    page: Page = sign_in()
    page.goto("/members")
    rows = search(page, typed)
    expected = _count_like(typed)
    if expected:
        expect(rows).to_have_count(expected)
        for row in rows.all():
            expect(row).to_contain_text(typed)
    else:
        expect(page.get_by_text("No member matches")).to_be_visible()
        expect(rows).to_have_count(0)
    noun = "member" if expected == 1 else "members"
    expect(page.get_by_text(f"{expected} {noun} match", exact=True)).to_be_visible()
