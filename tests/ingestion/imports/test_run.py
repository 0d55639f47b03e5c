"""``run_import`` over files read in several chunks: row numbers, repeats, updates, values."""

import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.ingestion.imports import run_import
from app.models import Event, Member, MemberTag, Order

HEADER = "external_id,name,birthday,registered_at,tier,points_balance,tags,consent_email\n"


def members_csv(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "".join(f"{r}\n" for r in rows)).encode())


def member(external_id: str, name="x", registered="2024-01-01T00:00:00Z", tier="") -> str:
    """A row of HEADER with only these cells filled."""
    return f"{external_id},{name},,{registered},{tier},,,"


def stored(external_id: str) -> Member:
    db.session.expire_all()
    return db.session.scalar(select(Member).where(Member.external_id == external_id))


def test_values_survive_the_staging_table_and_the_merge(app):
    rows = [
        "M1, Lin ,1990-05-17,2024-01-02T10:00:00+08:00,gold,10,vip|coffee,yes",
        "M2,Wang,,2024-02-01T00:00:00.25Z,,,,",
        "M3,Zhao,2000-12-31,2024-01-01T00:00:00Z,platinum,2000000000,coffee,FALSE",
    ]
    steps = []
    report = run_import("members", members_csv(*rows), chunk_rows=2, on_step=steps.append)
    assert report.ok, report.errors
    assert (report.rows, report.created) == (3, 3)
    assert steps == ["checking", "merging", "committing"]
    lin, wang, zhao = stored("M1"), stored("M2"), stored("M3")
    assert (lin.name, str(lin.birthday), lin.birthday_mmdd, lin.tier) == (
        "Lin",
        "1990-05-17",
        517,
        "gold",
    )
    assert (lin.points_balance, lin.consent_email) == (10, True)
    assert lin.registered_at.isoformat() == "2024-01-02T02:00:00+00:00"
    assert (wang.birthday, wang.birthday_mmdd, wang.tier, wang.points_balance) == (
        None,
        None,
        "basic",
        0,
    )
    assert wang.registered_at.isoformat() == "2024-02-01T00:00:00.250000+00:00"
    assert (zhao.birthday_mmdd, zhao.points_balance, zhao.consent_email) == (
        1231,
        2_000_000_000,
        False,
    )
    tags = db.session.execute(select(Member.external_id, MemberTag.tag).join(MemberTag)).all()
    assert sorted(tags) == [("M1", "coffee"), ("M1", "vip"), ("M3", "coffee")]


def test_reimport_counts_updates_and_changes_only_what_differs(app):
    first = ["M1,Lin,1990-05-17,2024-01-02T10:00:00+08:00,gold,10,vip,yes", member("M2")]
    assert run_import("members", members_csv(*first)).ok
    before = stored("M2").updated_at
    again = [
        "M1,Lin,1990-05-18,2024-01-02T10:00:00+08:00,gold,10,,yes",
        member("M2"),
        member("M3"),
    ]
    dry = run_import("members", members_csv(*again), dry_run=True, chunk_rows=1)
    assert (dry.created, dry.updated, dry.unchanged) == (1, 1, 1)
    assert stored("M3") is None
    report = run_import("members", members_csv(*again), chunk_rows=1)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert (stored("M1").birthday_mmdd, stored("M2").updated_at) == (518, before)
    assert db.session.scalars(select(MemberTag.tag)).all() == []


def test_repeats_and_problems_in_later_chunks_keep_their_row_numbers(app):
    rows = [member("M1"), member("M2"), "", member("M3"), member("M1"), member("M4", tier="robot")]
    report = run_import("members", members_csv(*rows), chunk_rows=2)
    assert not report.ok
    assert [(e["row"], e["column"]) for e in report.errors] == [(6, "external_id"), (7, "tier")]
    assert report.errors[0]["message"] == "'M1' appears on an earlier row"
    assert db.session.scalars(select(Member)).all() == []


@pytest.mark.parametrize("chunk_rows", [100, 100_000])
def test_error_list_is_capped_and_counts_every_bad_row(app, chunk_rows):
    rows = [member(f"M{i}", tier="nope", registered="soon" if i % 2 else "") for i in range(250)]
    report = run_import("members", members_csv(*rows), chunk_rows=chunk_rows)
    assert (report.error_count, len(report.errors)) == (500, 100)
    assert [e["row"] for e in report.errors[:4]] == [2, 2, 3, 3]
    assert report.errors[-1]["row"] == 51


def test_orders_repeated_across_chunks_and_unknown_members(app):
    assert run_import("members", members_csv(member("M1"))).ok
    orders = (
        "external_id,member_external_id,amount,paid_at\n"
        "O1,M1,10,2024-01-01T00:00:00Z\n"
        "O2,ZZ,10,2024-01-01T00:00:00Z\n"
        "O1,M1,11,2024-01-01T00:00:00Z\n"
    )
    report = run_import("orders", io.BytesIO(orders.encode()), chunk_rows=1)
    problems = sorted((e["row"], e["column"], e["message"]) for e in report.errors)
    assert problems == [
        (3, "member_external_id", "no member has external_id 'ZZ'"),
        (4, "external_id", "'O1' appears on an earlier row"),
    ]
    assert db.session.scalars(select(Order)).all() == []


@pytest.mark.parametrize("with_ids", [True, False])
def test_events_with_and_without_ids(app, with_ids):
    assert run_import("members", members_csv(member("M1"))).ok
    header = "external_id,member_external_id,type,occurred_at\n" if with_ids else ""
    rows = "E1,M1,login,2024-01-01T00:00:00Z\nE2,M1,page_view,2024-01-01T00:01:00Z\n"
    if not with_ids:
        header = "member_external_id,type,occurred_at\n"
        rows = "M1,login,2024-01-01T00:00:00Z\nM1,page_view,2024-01-01T00:01:00Z\n"
    for _ in range(2):
        assert run_import("events", io.BytesIO((header + rows).encode()), chunk_rows=1).ok
    db.session.expire_all()
    assert len(db.session.scalars(select(Event)).all()) == (2 if with_ids else 4)


def test_tabs_backslashes_quotes_and_line_breaks_are_stored_as_written(app):
    text = (
        "external_id,name,city,attributes,tags\n"
        'M1,"A\tB\\C","Line\nbreak","{""q"": ""say \\""hi\\""\\n""}",a\\b|c\td\n'
    )
    assert run_import("members", io.BytesIO(text.encode())).ok
    m = stored("M1")
    assert (m.name, m.city, m.attributes) == ("A\tB\\C", "Line\nbreak", {"q": 'say "hi"\n'})
    assert sorted(db.session.scalars(select(MemberTag.tag))) == ["a\\b", "c\td"]


def test_reimported_orders_are_unchanged_and_a_moved_order_updates_both_members(app):
    assert run_import("members", members_csv(member("M1"), member("M2"))).ok
    header = "external_id,member_external_id,amount,discount,paid_at\n"
    first = header + "O1,M1,12.5,,2024-01-01T00:00:00Z\nO2,M1,30,5,2024-01-02T00:00:00+08:00\n"
    assert run_import("orders", io.BytesIO(first.encode())).created == 2
    again = run_import("orders", io.BytesIO(first.encode()), chunk_rows=1)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    moved = header + "O1,M1,12.5,,2024-01-01T00:00:00Z\nO2,M2,30,5,2024-01-02T00:00:00+08:00\n"
    report = run_import("orders", io.BytesIO(moved.encode()))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    lin, wang = stored("M1"), stored("M2")
    assert (lin.orders_count, str(lin.total_spent)) == (1, "12.50")
    assert (wang.orders_count, str(wang.total_spent)) == (1, "25.00")


def test_a_file_broken_in_a_later_chunk_writes_nothing(app):
    text = HEADER + member("M1") + "\n" + member("M2") + "\n" + 'M3,"unclosed\n'
    report = run_import("members", io.BytesIO(text.encode()), chunk_rows=1)
    assert not report.ok
    assert "cannot be parsed" in report.errors[0]["message"]
    assert db.session.scalars(select(Member)).all() == []
