RULE = {
    "key": "base",
    "name": "Base",
    "bands": [{"min_amount": 0, "rate": 1}, {"min_amount": 500, "rate": 2}],
}


def test_rules_multipliers_and_tiers(marketer_client):
    assert marketer_client.post("/api/points/rules", json=RULE).status_code == 201
    assert marketer_client.post("/api/points/rules", json=RULE).status_code == 409
    bad = marketer_client.post(
        "/api/points/rules", json={**RULE, "key": "x", "bands": [{"min_amount": 5, "rate": 1}]}
    )
    assert bad.status_code == 400 and "min_amount 0" in bad.get_json()["message"]
    m = marketer_client.post(
        "/api/points/multipliers",
        json={
            "name": "Double",
            "factor": 2,
            "starts_at": "2026-03-01T00:00:00Z",
            "ends_at": "2026-03-08T00:00:00Z",
        },
    )
    assert m.status_code == 201
    assert (
        marketer_client.get("/api/points/multipliers").get_json()["multipliers"][0]["factor"] == 2.0
    )
    r = marketer_client.put("/api/points/tiers", json={"levels": {"silver": 10, "gold": 5}})
    assert r.status_code == 400 and "rise with the tier" in r.get_json()["message"]
    r = marketer_client.put("/api/points/tiers", json={"levels": {"silver": 10, "gold": 50}})
    assert r.get_json()["levels"] == {"silver": 10, "gold": 50}


def test_viewer_reads_points_settings_only(viewer_client):
    assert viewer_client.get("/api/points/tiers").get_json()["levels"]["diamond"] == 50000
    assert viewer_client.put("/api/points/tiers", json={"levels": {}}).status_code == 403


def test_adjust_and_ledger(marketer_client, members):
    (m,) = members(1)
    r = marketer_client.post(
        f"/api/points/members/{m}/adjustments", json={"points": 120, "reason": "goodwill"}
    )
    assert r.status_code == 201 and r.get_json()["balance"] == 120
    r = marketer_client.post(
        f"/api/points/members/{m}/adjustments", json={"points": -500, "reason": "x"}
    )
    assert (r.status_code, r.get_json()["error"]) == (409, "insufficient_points")
    marketer_client.post(
        f"/api/points/members/{m}/adjustments", json={"points": -20, "reason": "fix"}
    )
    body = marketer_client.get(f"/api/points/members/{m}").get_json()
    assert body["balance"] == 100 and [e["points"] for e in body["entries"]] == [-20, 120]
    assert marketer_client.get("/api/points/members/999999").status_code == 404


def test_bulk_awards_are_idempotent_and_all_or_nothing(marketer_client, members):
    a, b = members(2)
    entries = [
        {"member_id": a, "points": 10, "reference": "r1"},
        {"member_id": b, "points": 20, "reference": "r2"},
    ]
    assert marketer_client.post("/api/points/awards", json={"entries": entries}).get_json()[
        "booked"
    ] == {str(a): 10, str(b): 20}
    assert marketer_client.post("/api/points/awards", json={"entries": entries}).get_json()[
        "duplicates"
    ] == ["r1", "r2"]
    r = marketer_client.post(
        "/api/points/awards",
        json={
            "entries": [
                {"member_id": a, "points": 5, "reference": "r3"},
                {"member_id": 424242, "points": 5, "reference": "r4"},
            ]
        },
    )
    assert r.status_code == 400 and r.get_json()["errors"][0]["index"] == 1
    assert marketer_client.get(f"/api/points/members/{a}").get_json()["balance"] == 10
