"""The counters route answers what a socket's join does: node and edge counters from the database."""

from app.live.deltas import without_zeros
from tests.live.conftest import database_counters, database_edges


def test_counters_route_matches_the_database_with_edges(welcome, viewer_client):
    welcome.enter()
    welcome.tick()
    response = viewer_client.get("/api/journeys/welcome-live/counters")
    assert response.status_code == 200
    body = response.get_json()
    assert body["journey"] == "welcome-live" and body["status"] == "published"
    assert body["edges"] == database_edges("welcome-live")
    assert sum(body["edges"]["ab"].values()) == 40
    assert without_zeros(body["nodes"]) == database_counters("welcome-live")
    assert body["nodes"]["inbox"]["messages_queued"] == body["edges"]["ab"]["a"]
