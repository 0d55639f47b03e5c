"""CSV import through the CLI and the upload route: happy paths, dry runs, error reports."""

import io

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Member, MemberTag

MEMBERS_CSV = (
    "external_id,name,email,gender,birthday,registered_at,tier,points_balance,tags,consent_sms\n"
    "M1,Lin,lin@example.com,female,1990-05-17,2024-01-02T10:00:00+08:00,gold,10,vip|coffee,yes\n"
    "M2,Wang,,male,,2024-02-01T00:00:00Z,,0,,false\n"
)


def write(tmp_path, text: str | bytes, name: str = "file.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


def test_cli_imports_members(runner, tmp_path, counts):
    result = runner.invoke(args=["import", "members", write(tmp_path, MEMBERS_CSV)])
    assert result.exit_code == 0, result.output
    assert "2 rows: 2 were created, 0 updated, 0 unchanged." in result.output
    m = db.session.scalar(select(Member).where(Member.external_id == "M1"))
    assert (m.tier, m.birthday_mmdd, m.points_balance, m.consent_sms) == ("gold", 517, 10, True)
    assert m.registered_at.isoformat() == "2024-01-02T02:00:00+00:00"
    assert set(db.session.scalars(select(MemberTag.tag))) == {"vip", "coffee"}
    again = runner.invoke(args=["import", "members", write(tmp_path, MEMBERS_CSV)])
    assert "0 were created, 0 updated, 2 unchanged" in again.output
    assert counts()["members"] == 2


def test_cli_dry_run_writes_nothing(runner, tmp_path, counts):
    result = runner.invoke(args=["import", "members", write(tmp_path, MEMBERS_CSV), "--dry-run"])
    assert result.exit_code == 0
    assert "2 would be created" in result.output
    assert counts()["members"] == 0


def test_cli_imports_orders_and_events_and_keeps_facts(runner, tmp_path):
    runner.invoke(args=["import", "members", write(tmp_path, MEMBERS_CSV)])
    orders = (
        "external_id,member_external_id,amount,discount,paid_at,channel\n"
        "O1,M1,100.00,20,2024-05-01T09:30:00+08:00,pos\n"
        "O2,M1,50.5,,2024-06-01T00:00:00Z,\n"
    )
    result = runner.invoke(args=["import", "orders", write(tmp_path, orders, "o.csv")])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    m = db.session.scalar(select(Member).where(Member.external_id == "M1"))
    assert (m.orders_count, str(m.total_spent)) == (2, "130.50")
    events = (
        "external_id,member_external_id,type,name,occurred_at,properties\n"
        'E1,M1,custom,quiz_done,2024-05-01T09:30:00Z,"{""score"": 3}"\n'
        ",M2,login,,2024-05-01T09:30:00Z,\n"
    )
    result = runner.invoke(args=["import", "events", write(tmp_path, events, "e.csv")])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["import", "events", write(tmp_path, events, "e.csv")])
    assert "1 were created, 0 updated, 1 unchanged" in again.output


def test_cli_reports_bad_rows_and_exits_non_zero(runner, tmp_path, counts):
    bad = MEMBERS_CSV + "M3,Zhao,nope,robot,1990-13-01,2024-01-01T00:00:00,gold,x,,maybe\n"
    result = runner.invoke(args=["import", "members", write(tmp_path, bad)])
    assert result.exit_code == 1
    for expected in (
        "row 4, column email",
        "row 4, column gender: 'robot' is not one of",
        "row 4, column birthday",
        "row 4, column registered_at: '2024-01-01T00:00:00' has no timezone",
        "row 4, column points_balance",
        "row 4, column consent_sms",
    ):
        assert expected in result.output
    assert counts()["members"] == 0


def upload(client, kind: str, content: bytes, **form):
    data = {"file": (io.BytesIO(content), "upload.csv"), **form}
    return client.post(f"/api/imports/{kind}", data=data, content_type="multipart/form-data")


def test_api_import_happy_path_and_dry_run(marketer_client, counts):
    dry = upload(marketer_client, "members", MEMBERS_CSV.encode(), dry_run="true")
    assert dry.status_code == 200 and dry.get_json()["created"] == 2
    assert counts()["members"] == 0
    response = upload(marketer_client, "members", MEMBERS_CSV.encode())
    assert response.status_code == 200
    assert response.get_json() | {"errors": None} == {
        "kind": "members", "dry_run": False, "rows": 2, "created": 2, "updated": 0,
        "unchanged": 0, "error_count": 0, "errors": None,
    }  # fmt: skip
    assert counts()["members"] == 2


CSV_CASES = [
    # (id, kind, content, row, column, words)
    ("missing-required-column", "members", b"name\nLin\n", 1, "external_id", "missing required"),
    ("unknown-column", "members", b"external_id,emial\nM9,a\n", 1, "emial", "unknown column"),
    ("bad-encoding", "members", "external_id,name\nM9,Lín\n".encode("latin-1"), None, None, "UTF-8"),
    ("quoting-error", "members", b'external_id,name\nM9,"Lin\n', 2, None, "cannot be parsed"),
    ("too-many-fields", "members", b"external_id,name\nM9,a\nM8,b,c\n", 3, None, "Expected 2 fields"),
    ("empty-file", "members", b"", None, None, "empty"),
    ("missing-id-cell", "members", b"external_id,name\n,Lin\n", 2, "external_id", "required"),
    ("repeated-id", "members", b"external_id\nM9\nM9\n", 3, "external_id", "earlier row"),
    ("bad-timezone", "members", b"external_id,timezone\nM9,Mars/Base\n", 2, "timezone", "IANA"),
    ("unknown-tier", "members", b"external_id,tier\nM9,gold2\n", 2, "tier", "not one of"),
    ("unknown-member", "orders", b"external_id,member_external_id,amount,paid_at\nO9,ZZ,1,2024-01-01T00:00:00Z\n", 2, "member_external_id", "no member"),
    ("negative-amount", "orders", b"external_id,member_external_id,amount,paid_at\nO9,M1,-1,2024-01-01T00:00:00Z\n", 2, "amount", "amount"),
    ("discount-over-amount", "orders", b"external_id,member_external_id,amount,discount,paid_at\nO9,M1,1,2,2024-01-01T00:00:00Z\n", 2, "discount", "more than amount"),
    ("unparseable-date", "orders", b"external_id,member_external_id,amount,paid_at\nO9,M1,1,2024-99-01T00:00:00Z\n", 2, "paid_at", "ISO 8601"),
    ("unknown-channel", "orders", b"external_id,member_external_id,amount,paid_at,channel\nO9,M1,1,2024-01-01T00:00:00Z,fax\n", 2, "channel", "not one of"),
    ("unknown-event-type", "events", b"member_external_id,type,occurred_at\nM1,teleport,2024-01-01T00:00:00Z\n", 2, "type", "not one of"),
    ("bad-properties", "events", b"member_external_id,type,occurred_at,properties\nM1,login,2024-01-01T00:00:00Z,[1]\n", 2, "properties", "JSON object"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "content", "row", "column", "words"),
    [c[1:] for c in CSV_CASES],
    ids=[c[0] for c in CSV_CASES],
)
def test_api_import_reports_broken_files_and_writes_nothing(
    marketer_client, post, counts, kind, content, row, column, words
):
    post("/api/members", {"external_id": "M1"})
    before = counts()
    response = upload(marketer_client, kind, content)
    assert response.status_code == 400, response.get_json()
    payload = response.get_json()
    assert payload["error"] == "import_failed"
    first = payload["errors"][0]
    assert (first["row"], first["column"]) == (row, column), first
    assert words in first["message"]
    assert counts() == before


def test_api_import_without_file_names_the_field(marketer_client):
    response = marketer_client.post(
        "/api/imports/members", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "file"


def test_api_import_of_unknown_kind_is_404(marketer_client):
    response = upload(marketer_client, "coupons", b"a\n1\n")
    assert response.status_code == 404
