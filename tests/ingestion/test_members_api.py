from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Member, MemberTag


def member(external_id: str) -> Member:
    db.session.expire_all()
    return db.session.scalar(select(Member).where(Member.external_id == external_id))


def manual_tags(external_id: str) -> set[str]:
    query = select(MemberTag.tag).join(Member).where(Member.external_id == external_id)
    return set(db.session.scalars(query.where(MemberTag.source == "manual")))


def test_single_member_is_created_with_every_field(post):
    response = post(
        "/api/members",
        {
            "external_id": "M1",
            "name": "Lin",
            "email": "lin@example.com",
            "phone": "13800000000",
            "gender": "female",
            "city": "Shanghai",
            "birthday": "1990-05-17",
            "registered_at": "2024-01-02T10:00:00+08:00",
            "timezone": "Europe/Berlin",
            "tier": "gold",
            "points_balance": 120,
            "attributes": {"clv": 3},
            "tags": ["vip", "coffee"],
            "consent": {"email": True, "sms": False, "push": True},
        },
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"created": 1, "updated": 0, "unchanged": 0}
    m = member("M1")
    assert (m.name, m.gender, m.tier, m.timezone, m.points_balance) == (
        "Lin", "female", "gold", "Europe/Berlin", 120,
    )  # fmt: skip
    assert m.birthday == date(1990, 5, 17) and m.birthday_mmdd == 517
    assert m.registered_at.isoformat() == "2024-01-02T02:00:00+00:00"
    assert (m.consent_email, m.consent_sms, m.consent_push) == (True, False, True)
    assert m.attributes == {"clv": 3}
    assert manual_tags("M1") == {"vip", "coffee"}


def test_reposting_the_same_member_changes_nothing(post):
    body = {"external_id": "M1", "name": "Lin", "tags": ["vip"], "consent": {"sms": True}}
    assert post("/api/members", body).get_json()["created"] == 1
    again = post("/api/members", body)
    assert again.get_json() == {"created": 0, "updated": 0, "unchanged": 1}


def test_fields_left_out_keep_their_value_and_tags_are_replaced(post):
    post("/api/members", {"external_id": "M1", "name": "Lin", "city": "Wuhan", "tags": ["a", "b"]})
    response = post("/api/members", {"external_id": "M1", "city": "Chengdu", "tags": ["b", "c"]})
    assert response.get_json() == {"created": 0, "updated": 1, "unchanged": 0}
    m = member("M1")
    assert (m.name, m.city) == ("Lin", "Chengdu")
    assert manual_tags("M1") == {"b", "c"}


def test_bulk_counts_created_updated_and_unchanged(post, counts):
    post("/api/members/bulk", {"records": [{"external_id": "A"}, {"external_id": "B"}]})
    response = post(
        "/api/members/bulk",
        {
            "records": [
                {"external_id": "A"},
                {"external_id": "B", "tier": "silver"},
                {"external_id": "C"},
            ]
        },
    )
    assert response.status_code == 200
    assert response.get_json() == {"created": 1, "updated": 1, "unchanged": 1}
    assert counts()["members"] == 3
    assert member("B").tier == "silver"


def test_bulk_of_ten_thousand_is_accepted(post, counts):
    records = [{"external_id": f"M{i}", "city": "Shanghai"} for i in range(10_000)]
    response = post("/api/members/bulk", {"records": records})
    assert response.status_code == 200
    assert response.get_json()["created"] == 10_000
    assert counts()["members"] == 10_000
