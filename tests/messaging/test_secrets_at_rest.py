"""Channel secrets are stored encrypted with Fernet and read back only with the key."""

from __future__ import annotations

import json

from cryptography.fernet import Fernet
from sqlalchemy import text

from app.extensions import db
from app.messaging.settings import load_channels

SECRET = "0123456789abcdef-webhook"


def stored_settings(channel: str) -> str:
    raw = db.session.execute(
        text("SELECT settings FROM channel_configs WHERE channel = :c"), {"c": channel}
    ).scalar()
    db.session.commit()
    return raw if isinstance(raw, str) else json.dumps(raw)


def test_secrets_are_encrypted_in_the_database_and_masked_in_the_api(app, admin_client):
    app.config["CHANNEL_SECRETS_KEY"] = Fernet.generate_key().decode()
    body = {"enabled": True, "config": {"secret": SECRET, "timeout": 5}, "rules": {}}
    assert admin_client.put("/api/channels/webhook", json=body).status_code == 200
    raw = stored_settings("webhook")
    assert SECRET not in raw and '"secret": "fernet:' in raw
    assert load_channels(db.session)["webhook"].config["secret"] == SECRET
    listed = admin_client.get("/api/channels").get_json()["channels"]
    webhook = next(c for c in listed if c["channel"] == "webhook")
    assert webhook["config"]["secret"] == "********" and SECRET not in json.dumps(listed)
    # Sent back masked, the saved secret is kept (and stays encrypted).
    body["config"]["secret"] = "********"
    body["config"]["timeout"] = 7
    assert admin_client.put("/api/channels/webhook", json=body).status_code == 200
    assert load_channels(db.session)["webhook"].config == {"secret": SECRET, "timeout": 7}


def test_keys_rotate_and_a_wrong_key_makes_the_channel_unusable(app, admin_client):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["CHANNEL_SECRETS_KEY"] = old
    body = {"enabled": True, "config": {"secret": SECRET}, "rules": {}}
    assert admin_client.put("/api/channels/webhook", json=body).status_code == 200
    # New key first, old one still listed: old values read, new saves use the new key.
    app.config["CHANNEL_SECRETS_KEY"] = f"{new},{old}"
    assert load_channels(db.session)["webhook"].config["secret"] == SECRET
    assert (
        admin_client.put(
            "/api/channels/webhook", json={**body, "config": {"secret": "********"}}
        ).status_code
        == 200
    )
    app.config["CHANNEL_SECRETS_KEY"] = new
    assert load_channels(db.session)["webhook"].config["secret"] == SECRET

    app.config["CHANNEL_SECRETS_KEY"] = Fernet.generate_key().decode()
    setup = load_channels(db.session)["webhook"]
    assert not setup.usable and "cannot be decrypted" in setup.problem
    kept = admin_client.put(
        "/api/channels/webhook", json={**body, "config": {"secret": "********"}}
    )
    assert kept.status_code == 400
    assert kept.get_json()["errors"][0]["field"] == "config.secret"
