"""Pool routes: create, upload (all or nothing, bad rows named), stock, template setting."""

from sqlalchemy import func, select

from app.extensions import db
from app.models.code_pools import PoolCode
from tests.code_pools.conftest import csv_of


def _upload(client, key, body, name="codes.csv"):
    return client.post(
        f"/api/code-pools/{key}/codes",
        data={"file": (body, name)},
        content_type="multipart/form-data",
    )


def _codes() -> int:
    return db.session.scalar(select(func.count()).select_from(PoolCode))


def test_admin_creates_uploads_and_reads_stock(admin_client):
    created = admin_client.post(
        "/api/code-pools", json={"key": "partner", "name": "Partner", "low_stock_level": 2}
    )
    assert created.status_code == 201
    answer = _upload(admin_client, "partner", csv_of(["ab-1", "AB-2", "ab_3"]))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["added"] == 3
    pools = admin_client.get("/api/code-pools").get_json()["pools"]
    assert pools[0] | {"last_alert": None} == {
        "key": "partner", "name": "Partner", "total": 3, "remaining": 3, "claimed": 0,
        "low_stock_level": 2, "low_stock": False, "low_stock_since": None, "last_alert": None,
        "templates": [],
    }  # fmt: skip
    assert sorted(db.session.scalars(select(PoolCode.code))) == ["AB-1", "AB-2", "AB_3"]


def test_bad_file_names_each_row_and_adds_nothing(admin_client, pool):
    pool(codes=["KEEP1"])
    pool(key="other", codes=["THEIRS"])
    body = csv_of(["NEW1", "  ", "NEW1", "KEEP1", "theirs", "bad code!", "X" * 33, "NEW2"])
    answer = _upload(admin_client, "partner", body)
    assert answer.status_code == 400
    errors = answer.get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "code"), (4, "code"), (5, "code"), (6, "code"), (7, "code"), (8, "code"),
    ]  # fmt: skip
    messages = [e["message"] for e in errors]
    assert messages[0] == "code is empty"
    assert "repeats row 2" in messages[1]
    assert "already in this pool" in messages[2]
    assert "already in pool 'other'" in messages[3]
    assert _codes() == 2


def test_bad_header_and_unknown_pool(admin_client, pool):
    pool()
    answer = _upload(admin_client, "partner", csv_of(["A"], header="coupon"))
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["row"] == 1
    assert _upload(admin_client, "nope", csv_of(["A"])).status_code == 404
    assert _codes() == 0


def test_marketers_read_but_may_not_upload(client, make_user, pool):
    pool()
    client.login(make_user("marketer").email)
    assert client.get("/api/code-pools").status_code == 200
    assert _upload(client, "partner", csv_of(["A"])).status_code == 403


def test_template_refuses_an_unknown_pool_and_names_its_pool(admin_client, pool):
    body = {
        "key": "gift", "name": "Gift", "kind": "amount_off",
        "terms": {"amount": 10}, "validity": {"days_after_grant": 10}, "code_pool": "nope",
    }  # fmt: skip
    answer = admin_client.post("/api/coupon-templates", json=body)
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "code_pool"
    pool()
    answer = admin_client.post("/api/coupon-templates", json=body | {"code_pool": "partner"})
    assert answer.status_code == 201 and answer.get_json()["template"]["code_pool"] == "partner"
    assert admin_client.get("/api/code-pools").get_json()["pools"][0]["templates"] == ["gift"]


def test_cli_imports_a_file(runner, pool, tmp_path):
    pool()
    path = tmp_path / "codes.csv"
    path.write_text("code\nC1\nC2\n")
    result = runner.invoke(args=["coupons", "pool-import", "partner", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 codes added" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("code\nC3\nC1\n")
    result = runner.invoke(args=["coupons", "pool-import", "partner", str(bad)])
    assert result.exit_code == 1 and "row 3" in result.output
    assert _codes() == 2
