"""Links members and providers follow (channel callbacks, unsubscribe) come from PUBLIC_BASE_URL."""

import pytest

from app.serving import local_base_url


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 5105, "http://localhost:5105"),
        ("0.0.0.0", 8000, "http://localhost:8000"),
        ("canvas.internal", 80, "http://canvas.internal:80"),
    ],
)
def test_serve_without_a_public_base_url_links_to_the_port_it_serves(host, port, url):
    assert local_base_url(host, port) == url


def test_channel_callback_urls_start_with_the_public_base_url(app, admin_client):
    app.config["PUBLIC_BASE_URL"] = "https://canvas.example.com/"
    channels = admin_client.get("/api/channels").get_json()["channels"]
    urls = [c["callback_url"] for c in channels if c.get("callback_url")]
    assert urls
    assert all(u.startswith("https://canvas.example.com/api/channels/callbacks/") for u in urls)
