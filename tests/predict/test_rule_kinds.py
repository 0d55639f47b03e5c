"""The prediction rule kinds refuse bad values with 400 naming the field, and are offered to
the rule builder."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Audience


@pytest.mark.parametrize(
    ("condition", "field"),
    [
        ({"kind": "churn_risk", "risk": "extreme"}, "rules.all[0].risk"),
        ({"kind": "churn_risk", "risk": []}, "rules.all[0].risk"),
        ({"kind": "churn_risk"}, "rules.all[0].risk"),
        ({"kind": "predicted_value", "op": "gte", "value": -5}, "rules.all[0].value"),
        ({"kind": "predicted_value", "op": "gte", "value": "a lot"}, "rules.all[0].value"),
        ({"kind": "predicted_value", "op": "about", "value": 5}, "rules.all[0].op"),
        ({"kind": "probability_alive", "op": "gte", "value": 1.5}, "rules.all[0].value"),
        ({"kind": "probability_alive", "op": "between", "value": [0.2]}, "rules.all[0].value"),
        ({"kind": "next_purchase_within", "days": -1}, "rules.all[0].days"),
        ({"kind": "next_purchase_within", "days": 2.5}, "rules.all[0].days"),
        ({"kind": "runs_out_within", "days": 99999}, "rules.all[0].days"),
        ({"kind": "runs_out_within", "days": 5, "product": ""}, "rules.all[0].product"),
        ({"kind": "runs_out_within", "days": 5, "category": "x" * 65}, "rules.all[0].category"),
        ({"kind": "runs_out_within", "days": 5, "when": "soon"}, "rules.all[0].when"),
    ],
)
def test_bad_values_get_400_naming_the_field(marketer_client, condition, field):
    body = {"key": "bad", "name": "Bad", "rules": {"all": [condition]}}
    response = marketer_client.post("/api/audiences", json=body)
    assert response.status_code == 400
    data = response.get_json()
    assert data["error"] == "invalid_rules"
    assert field in [e["field"] for e in data["errors"]]
    assert db.session.query(Audience).count() == 0


def test_product_and_category_together_are_refused(marketer_client):
    cond = {"kind": "runs_out_within", "days": 5, "product": "A", "category": "b"}
    response = marketer_client.post(
        "/api/audiences", json={"key": "bad", "name": "Bad", "rules": {"all": [cond]}}
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "rules.all[0]"


def test_the_rule_builder_is_offered_every_new_kind(viewer_client):
    kinds = {
        c["kind"]: c for c in viewer_client.get("/api/audiences/fields").get_json()["conditions"]
    }
    for kind in (
        "churn_risk",
        "predicted_value",
        "probability_alive",
        "next_purchase_within",
        "runs_out_within",
    ):
        assert kind in kinds
    assert kinds["churn_risk"]["fields"][0]["choices"] == ["low", "medium", "high"]
