"""GET /api/members: search, filters, keyset paging, totals, bad input and access."""

from __future__ import annotations

import pytest

from app.members import listing


@pytest.fixture
def people(make_members):
    specs = [
        {"name": "王小明", "phone": "13800001111", "email": "xiaoming@qq.com", "tier": "gold"},
        {"name": "王芳", "phone": "13800002222", "email": "fang.wang@163.com", "tier": "silver"},
        {"name": "李雷", "phone": "13912345678", "email": "li.lei@example.com", "tier": "gold"},
        {"name": "Zhang Wei", "phone": "18600000001", "email": "ZW@Example.com", "tier": "basic"},
        {"name": "zhao lei", "phone": "15000000000", "email": None, "tier": "diamond"},
    ]
    specs += [
        {
            "name": f"陈{i:02d}",
            "phone": f"177{i:08d}",
            "rfm_segment": "champions" if i % 3 else None,
        }
        for i in range(20)
    ]
    return make_members(*specs)


def names(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [m["name"] for m in response.get_json()["members"]]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("王", ["王小明", "王芳"]),
        ("zhang", ["Zhang Wei"]),
        ("Zhao", ["zhao lei"]),
        ("138000", ["王小明", "王芳"]),
        ("139 1234", ["李雷"]),
        ("LI.LEI@", ["李雷"]),
        ("fang.wang@163.com", ["王芳"]),
        ("EXT-3", ["李雷"]),
        ("nobody", []),
        # Any part of a field, from three characters on.
        ("qq.com", ["王小明"]),
        ("example.com", ["李雷", "Zhang Wei"]),
        ("2222", ["王芳"]),
        ("345-678", ["李雷"]),
        ("WEI", ["Zhang Wei"]),
        ("lei", ["李雷", "zhao lei"]),
        ("xt-2", ["王芳"] + [f"陈{i:02d}" for i in range(14, 20)]),
        ("50%", []),
        ("e_c", []),
    ],
)
def test_search_matches_any_part_of_name_phone_email_and_external_id(
    viewer_client, people, q, expected
):
    response = viewer_client.get("/api/members", query_string={"q": q})
    assert names(response) == expected
    assert response.get_json()["total"] == len(expected)


@pytest.mark.parametrize(
    ("q", "expected"),
    [("小明", ["王小明"]), ("王小", ["王小明"]), ("e%", []), ("王芳", ["王芳"]), ("芳王", [])],
)
def test_a_two_character_given_name_is_found_anywhere_with_its_total(
    viewer_client, people, q, expected
):
    response = viewer_client.get("/api/members", query_string={"q": q})
    assert names(response) == expected
    assert response.get_json()["total"] == len(expected)


def test_one_character_matches_any_part_of_a_field(viewer_client, people):
    assert names(viewer_client.get("/api/members?q=明")) == ["王小明"]
    assert names(viewer_client.get("/api/members?q=@")) == [
        "王小明", "王芳", "李雷", "Zhang Wei",
    ]  # fmt: skip
    body = viewer_client.get("/api/members?q=5&limit=3").get_json()
    assert [m["name"] for m in body["members"]] == ["李雷", "zhao lei", "陈05"]
    assert body["total"] == 6 and body["next_cursor"]  # and 陈09 (EXT-15), 陈15, 陈19 (EXT-25)


def test_tier_and_segment_filters(viewer_client, people):
    assert names(viewer_client.get("/api/members?tier=gold")) == ["王小明", "李雷"]
    body = viewer_client.get("/api/members?segment=champions").get_json()
    assert body["total"] == 13
    assert all(m["rfm_segment"] == "champions" for m in body["members"])
    assert names(viewer_client.get("/api/members?tier=gold&q=李")) == ["李雷"]


def test_list_fields(viewer_client, people):
    member = viewer_client.get("/api/members?q=EXT-1").get_json()["members"][0]
    assert member == {
        "id": people[0].id,
        "external_id": "EXT-1",
        "name": "王小明",
        "email": "xiaoming@qq.com",
        "phone": "13800001111",
        "tier": "gold",
        "city": None,
        "points_balance": 0,
        "registered_at": people[0].registered_at.isoformat(),
        "last_order_at": None,
        "orders_count": 0,
        "total_spent": 0.0,
        "rfm_segment": None,
    }


def test_paging_forward_and_back_covers_every_member_once(viewer_client, people):
    all_ids = sorted(m.id for m in people)
    seen, pages, cursor = [], [], None
    while True:
        params = {"limit": 7} | ({"after": cursor} if cursor else {})
        body = viewer_client.get("/api/members", query_string=params).get_json()
        assert body["total"] == len(all_ids)
        assert body["prev_cursor"] is None if not pages else body["prev_cursor"]
        pages.append(body)
        seen += [m["id"] for m in body["members"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == all_ids
    assert [len(p["members"]) for p in pages] == [7, 7, 7, 4]

    back, cursor = [], pages[-1]["prev_cursor"]
    while cursor is not None:
        body = viewer_client.get("/api/members", query_string={"limit": 7, "before": cursor})
        body = body.get_json()
        back = [m["id"] for m in body["members"]] + back
        assert body["next_cursor"]
        cursor = body["prev_cursor"]
    assert back + [m["id"] for m in pages[-1]["members"]] == all_ids


def test_paging_through_search_results(viewer_client, people):
    first = viewer_client.get("/api/members?q=陈&limit=15").get_json()
    second = viewer_client.get(f"/api/members?q=陈&limit=15&after={first['next_cursor']}")
    ids = [m["id"] for m in first["members"] + second.get_json()["members"]]
    assert len(ids) == len(set(ids)) == 20
    assert second.get_json()["next_cursor"] is None


def test_empty_page_after_the_end_can_turn_back(viewer_client, people):
    last = viewer_client.get("/api/members?limit=200").get_json()
    assert last["next_cursor"] is None
    from app.members.cursors import encode

    body = viewer_client.get(f"/api/members?after={encode(people[-1].id)}").get_json()
    assert body["members"] == [] and body["next_cursor"] is None
    back = viewer_client.get(f"/api/members?before={body['prev_cursor']}&limit=1").get_json()
    assert [m["id"] for m in back["members"]] == [people[-1].id]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("after=not-a-cursor", "after"),
        ("before=bTE6eA", "before"),  # decodes, but holds no id
        ("after=bTE6MQ&before=bTE6MQ", "before"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=many", "limit"),
        ("tier=bronze", "tier"),
        ("q=" + "x" * 101, "q"),
        ("q=a%00b", "q"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(viewer_client, people, query, parameter):
    response = viewer_client.get(f"/api/members?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "validation_failed"
    assert [e["field"] for e in body["errors"]] == [parameter]


def test_needs_sign_in_or_a_token_with_members_read(client, token_headers, people):
    assert client.get("/api/members").status_code == 401
    assert client.get("/api/members", headers=token_headers("orders:write")).status_code == 403
    response = client.get("/api/members?q=王", headers=token_headers("members:read"))
    assert names(response) == ["王小明", "王芳"]


def test_total_is_null_beyond_the_counting_cap(viewer_client, people, monkeypatch):
    monkeypatch.setattr(listing, "TOTAL_CAP", 5)
    assert viewer_client.get("/api/members").get_json()["total"] is None
    assert viewer_client.get("/api/members?tier=gold").get_json()["total"] == 2
