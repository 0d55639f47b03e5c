"""Lottery draws are seeded, recorded with the entrants' hash, and reproducible."""

import hashlib
import random
from datetime import timedelta

from sqlalchemy import insert

from app.coupons.grants import grant_coupons
from app.extensions import db
from app.models import Coupon, Member
from app.referrals.lottery import draw_winners, entrants_hash
from tests.engine.factories import START


def test_draw_is_a_pure_function_of_codes_and_seed():
    codes = [f"L{i:04d}" for i in range(500)]
    shuffled = random.Random(1).sample(codes, len(codes))
    assert draw_winners(codes, "s1", 5) == draw_winners(shuffled, "s1", 5)
    assert draw_winners(codes, "s1", 5) != draw_winners(codes, "s2", 5)
    assert len(set(draw_winners(codes, "s1", 50))) == 50
    assert draw_winners(codes[:3], "s1", 10) == draw_winners(codes[:3], "s1", 3)
    assert entrants_hash(shuffled) == hashlib.sha256("\n".join(codes).encode()).hexdigest()


def test_api_draw_records_seed_and_hash_and_verifies(app, admin_client, template, clock):
    template(key="lottery")
    db.session.execute(insert(Member), [{"external_id": f"m{i}"} for i in range(60)])
    ids = list(db.session.scalars(db.select(Member.id)))
    grant_coupons(db.session, "lottery", ids[:50], START)
    db.session.commit()
    clock.advance(hours=1)
    body = {"template": "lottery", "winners": 3, "seed": "festival-2026"}
    answer = admin_client.post("/api/lottery-draws", json=body)
    assert answer.status_code == 201, answer.get_json()
    draw = answer.get_json()["draw"]
    codes = list(db.session.scalars(db.select(Coupon.code)))
    assert draw["entrants_count"] == 50 and draw["seed"] == "festival-2026"
    assert draw["entrants_hash"] == hashlib.sha256("\n".join(sorted(codes)).encode()).hexdigest()
    expected = random.Random("lottery:festival-2026").sample(sorted(codes), 3)
    assert draw["winners"] == expected

    # Codes granted after the draw do not change it.
    grant_coupons(db.session, "lottery", ids[50:], START + timedelta(hours=2))
    db.session.commit()
    check = admin_client.get(f"/api/lottery-draws/{draw['id']}/verify").get_json()
    assert check["entrants_match"] and check["winners_match"]
    assert admin_client.get("/api/lottery-draws").get_json()["draws"][0]["id"] == draw["id"]


def test_bad_draws_name_the_field(admin_client, template, clock):
    answer = admin_client.post("/api/lottery-draws", json={"template": "nope", "winners": 1})
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "template"
    template(key="empty")
    answer = admin_client.post("/api/lottery-draws", json={"template": "empty", "winners": 1})
    assert answer.status_code == 400
    answer = admin_client.post("/api/lottery-draws", json={"template": "empty", "winners": 0})
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "winners"
