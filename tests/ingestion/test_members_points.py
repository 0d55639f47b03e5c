"""Member ingestion never sets a points balance behind the ledger's back: a balance given
for a member without ledger entries becomes one opening entry; any other change is refused.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Member, PointsEntry


def balance_and_ledger(external_id: str) -> tuple[int, list[tuple]]:
    db.session.expire_all()
    member = db.session.scalar(select(Member).where(Member.external_id == external_id))
    rows = db.session.execute(
        select(PointsEntry.kind, PointsEntry.points, PointsEntry.reference, PointsEntry.note)
        .where(PointsEntry.member_id == member.id)
        .order_by(PointsEntry.id)
    ).all()
    return member.points_balance, [tuple(r) for r in rows]


def ledger_sums_match() -> bool:
    ledger = dict(
        db.session.execute(
            select(PointsEntry.member_id, func.sum(PointsEntry.points)).group_by(
                PointsEntry.member_id
            )
        ).all()
    )
    balances = dict(db.session.execute(select(Member.id, Member.points_balance)).all())
    return all(balance == ledger.get(mid, 0) for mid, balance in balances.items())


def test_a_new_member_opens_a_balance_as_one_ledger_entry(post):
    r = post("/api/members", {"external_id": "P1", "name": "Pat", "points_balance": 500})
    assert r.status_code in (200, 201), r.get_json()
    assert balance_and_ledger("P1") == (
        500,
        [("adjust", 500, "opening:P1", "opening balance from ingestion")],
    )
    # Sending the same record again changes nothing and books nothing twice.
    assert post("/api/members", {"external_id": "P1", "points_balance": 500}).status_code < 300
    assert balance_and_ledger("P1")[1] == [
        ("adjust", 500, "opening:P1", "opening balance from ingestion")
    ]
    assert ledger_sums_match()


def test_an_existing_member_without_ledger_entries_may_open_a_balance(post, members):
    members("P2")
    assert post("/api/members/bulk", {"records": [{"external_id": "P2", "points_balance": 80}]})
    assert balance_and_ledger("P2")[0] == 80 and ledger_sums_match()


def test_a_balance_with_ledger_history_cannot_be_overwritten(post, counts):
    post("/api/members", {"external_id": "P3", "points_balance": 100})
    before = counts()
    r = post(
        "/api/members/bulk",
        {
            "records": [
                {"external_id": "P4", "name": "fine"},
                {"external_id": "P3", "points_balance": 999_999},
            ]
        },
    )
    assert r.status_code == 400
    (error,) = r.get_json()["errors"]
    assert error["index"] == 1 and error["field"] == "points_balance"
    assert "only accepted as an opening balance" in error["message"]
    assert counts() == before  # all or nothing: P4 was not stored either
    assert balance_and_ledger("P3")[0] == 100 and ledger_sums_match()


def write(tmp_path, text: str) -> str:
    path = tmp_path / "members.csv"
    path.write_text(text)
    return str(path)


def test_a_csv_import_opens_balances_in_the_ledger_and_refuses_overwrites(runner, tmp_path):
    first = "external_id,name,points_balance\nC1,Ann,300\nC2,Bo,0\n"
    result = runner.invoke(args=["import", "members", write(tmp_path, first)])
    assert result.exit_code == 0, result.output
    assert balance_and_ledger("C1") == (
        300,
        [("adjust", 300, "opening:C1", "opening balance from import")],
    )
    assert balance_and_ledger("C2") == (0, [])
    # The same file again: nothing changes, nothing is booked twice.
    again = runner.invoke(args=["import", "members", write(tmp_path, first)])
    assert again.exit_code == 0 and "2 unchanged" in again.output
    assert len(balance_and_ledger("C1")[1]) == 1

    changed = "external_id,name,points_balance\nC1,Ann,5000\nC2,Bo,40\n"
    refused = runner.invoke(args=["import", "members", write(tmp_path, changed)])
    assert refused.exit_code != 0
    assert "row 2, column points_balance" in refused.output
    assert "only accepted as an opening balance" in refused.output
    assert balance_and_ledger("C1")[0] == 300 and balance_and_ledger("C2")[0] == 0
    assert ledger_sums_match()
