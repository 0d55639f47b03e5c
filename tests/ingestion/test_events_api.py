from sqlalchemy import select

from app.extensions import db
from app.ingestion.signals import events_stored
from app.models import Event


def event(member: str = "M1", **extra) -> dict:
    return {
        "member_external_id": member,
        "type": "login",
        "occurred_at": "2024-05-01T09:30:00Z",
    } | extra


def test_single_event_is_stored(post, members):
    members("M1")
    response = post("/api/events", event(type="custom", name="coupon_viewed", properties={"a": 1}))
    assert response.status_code == 200
    assert response.get_json() == {"created": 1, "updated": 0, "unchanged": 0}
    stored = db.session.scalar(select(Event))
    assert (stored.type, stored.name, stored.properties) == ("custom", "coupon_viewed", {"a": 1})


def test_bulk_events_with_external_ids_are_never_stored_twice(post, members, counts):
    members("M1", "M2")
    batch = {"records": [event(external_id="E1"), event("M2", external_id="E2"), event()]}
    assert post("/api/events/bulk", batch).get_json() == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }
    again = post("/api/events/bulk", batch)
    # Events without an external id cannot be recognised, so they are stored again.
    assert again.get_json() == {"created": 1, "updated": 0, "unchanged": 2}
    assert counts()["events"] == 4


def test_events_stored_signal_carries_ids_and_members(post, members):
    members("M1")
    seen = []
    with events_stored.connected_to(lambda session, rows: seen.extend(rows)):
        post("/api/events/bulk", {"records": [event(external_id="E1"), event(type="page_view")]})
    assert sorted(r.type for r in seen) == ["login", "page_view"]
    assert len({r.id for r in seen}) == 2 and len({r.member_id for r in seen}) == 1
