"""Registration source and referral codes from the member API and CSV files."""

import io

from sqlalchemy import select

from app.extensions import db
from app.models import Event, Member
from app.models.referrals import Referral, ReferralRefusal
from app.referrals.codes import invite_code


def _csv(text: str):
    return {"file": (io.BytesIO(text.encode()), "members.csv")}


def _links() -> dict:
    names = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    rows = db.session.execute(select(Referral.invitee_id, Referral.inviter_id)).all()
    return {names[i]: names[j] for i, j in rows}


def test_api_stores_registration_source(admin_client, post_members, clock):
    post_members(("A", None), registration_channel="app", registration_campaign="spring")
    member = db.session.scalar(select(Member))
    assert (member.registration_channel, member.registration_campaign) == ("app", "spring")
    answer = admin_client.post(
        "/api/members", json={"external_id": "B", "registration_channel": "x" * 33}
    )
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "registration_channel"


def test_csv_links_and_records_refusals_without_failing_the_file(admin_client, post_members, clock):
    post_members(("A", None))
    a = invite_code(db.session.scalar(select(Member.id)))
    text = (
        "external_id,registration_channel,registration_campaign,referral_code\n"
        f"B,shop,festival,{a}\n"
        "C,pos,,NOTACODE1\n"
        f"D,,,{a.lower()}\n"
        "E,app,,\n"
    )
    answer = admin_client.post(
        "/api/imports/members", data=_csv(text), content_type="multipart/form-data"
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["created"] == 4
    assert _links() == {"B": "A", "D": "A"}
    assert list(db.session.scalars(select(ReferralRefusal.reason))) == ["unknown_code"]
    channels = dict(
        db.session.execute(select(Member.external_id, Member.registration_channel)).all()
    )
    assert channels == {"A": None, "B": "shop", "C": "pos", "D": None, "E": "app"}
    events = db.session.scalars(select(Event.type).where(Event.type == "referral_registered"))
    assert len(list(events)) == 4
    # The same file again: no new link, refusal or event beyond the refusal it records.
    admin_client.post("/api/imports/members", data=_csv(text), content_type="multipart/form-data")
    assert _links() == {"B": "A", "D": "A"}
    assert db.session.scalar(select(db.func.count()).select_from(Event)) == 4


def test_first_touch_wins_within_one_batch(post_members, code_of, clock):
    post_members(("A", None), ("B", None))
    a, b = code_of("A"), code_of("B")
    answer = post_members(("C", a))
    assert answer["referrals"] == {"linked": 1, "refused": []}
    answer = post_members(("C", b))
    assert answer["referrals"]["refused"][0]["reason"] == "already_referred"
    assert _links() == {"C": "A"}


def test_loop_inside_one_batch_is_refused(post_members, code_of, clock):
    post_members(("A", None), ("B", None))
    a, b = code_of("A"), code_of("B")
    answer = post_members(("B", a), ("A", b))
    assert [r["reason"] for r in answer["referrals"]["refused"]] == ["loop"]
    assert _links() == {"B": "A"}


def test_invitation_link_uses_public_base_url(app, admin_client, post_members):
    app.config["PUBLIC_BASE_URL"] = "https://club.example.com/"
    post_members(("A", None))
    member_id = db.session.scalar(select(Member.id))
    body = admin_client.get(f"/api/members/{member_id}/invitation").get_json()
    assert body["link"] == f"https://club.example.com/join?referral_code={body['code']}"
    assert admin_client.get("/api/members/999999/invitation").status_code == 404
