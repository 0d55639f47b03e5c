"""A published journey whose experiment has decided, built through the engine: members
enter, the experiment splits a sample over three arms, shop orders arrive through the API,
and after the 24-hour horizon the engine decides on revenue per member."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from app.auth.tokens import issue_token
from app.engine.clock import VirtualClock
from app.engine.entries import enter_members
from app.extensions import db
from app.models import JourneyStep, Member
from tests.engine.factories import START, document, make_members, node, publish
from tests.engine.population import add_templates, run

KEY = "coupon-or-points"

# Each arm's chance that a sample member pays, and the amounts they pay.
BUYING = {"a": (0.3, [40, 60, 90]), "b": (0.5, [120, 180, 260]), "c": (0.32, [50, 60, 90])}


def _document() -> dict:
    arms = ("a", "b", "c")
    doc = document(
        KEY,
        [
            node("start", "entry.api"),
            node(
                "exp",
                "split.experiment",
                sample_percent=60,
                metric="revenue",
                variants=[{"key": k, "weight": w} for k, w in zip(arms, (34, 33, 33), strict=True)],
                decision_after_hours=24,
                min_sample_per_arm=40,
            ),
            *[
                node(f"send_{k}", "action.send", channel="inapp", template="hello-inapp")
                for k in arms
            ],
            *[node(f"wait_{k}", "wait.duration", days=3) for k in arms],
            *[node(f"out_{k}", "exit") for k in arms],
        ],
        [("start", "exp")]
        + [("exp", f"send_{k}", k) for k in arms]
        + [(f"send_{k}", f"wait_{k}") for k in arms]
        + [(f"wait_{k}", f"out_{k}") for k in arms],
    )
    doc["name"] = "Coupon or points"
    # Laid out top to bottom, one column per arm, so that every node can be clicked.
    places = {"start": (1, 0), "exp": (1, 1)}
    places |= {f"{step}_{k}": (i, row) for i, k in enumerate(arms)
               for row, step in enumerate(("send", "wait", "out"), start=2)}  # fmt: skip
    for n in doc["nodes"]:
        column, row = places[n["id"]]
        n["position"] = {"x": 60 + column * 300, "y": 40 + row * 170}
        if n["id"] == "exp":
            n["label"] = "Coupon, points or both"
    return doc


#: When the experiment decides: its 24-hour horizon after the members entered.
DECIDES = START + timedelta(hours=24, seconds=1)


def build_experiment_journey(client, members: int = 420, decide: bool = True) -> str:
    """The journey's key, once its experiment has decided (or, without ``decide``, while it
    still tests, its orders in); ``client`` is the app's test client."""
    ids = make_members(members)
    add_templates("inapp")
    version = publish(_document())
    clock = VirtualClock(START)
    enter_members(db.session, version, "start", ids, "api:1", START)
    db.session.commit()
    run(clock)

    arm = dict(
        db.session.execute(
            select(JourneyStep.member_id, JourneyStep.branch).where(
                JourneyStep.node_id == "exp", JourneyStep.detail["arm"].as_string() == "sample"
            )
        ).all()
    )
    externals = dict(db.session.execute(select(Member.id, Member.external_id)).all())
    rng = random.Random(5)
    records = []
    for member, branch in sorted(arm.items()):
        chance, amounts = BUYING[branch]
        if rng.random() < chance:
            paid = START + timedelta(hours=rng.uniform(1, 20))
            records.append({"external_id": f"o{member}", "member_external_id": externals[member],
                            "amount": f"{rng.choice(amounts)}.00", "paid_at": paid.isoformat()})  # fmt: skip
    _, token = issue_token("shop", ["orders:write"])
    db.session.commit()
    response = client.post(
        "/api/orders/bulk", json={"records": records}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.get_json()
    if decide:
        run(VirtualClock(DECIDES))
    return KEY
