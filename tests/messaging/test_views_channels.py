SMTP = {
    "host": "smtp.example.com",
    "port": 587,
    "tls": "starttls",
    "username": "u",
    "password": "pw",
    "from_address": "a@b.example",
}


def test_admin_saves_settings_and_secrets_stay_hidden(admin_client):
    r = admin_client.put(
        "/api/channels/email", json={"enabled": True, "config": SMTP, "rules": {"day_cap": 2}}
    )
    assert r.status_code == 200, r.get_json()
    channel = r.get_json()["channel"]
    assert channel["config"]["password"] == "********" and channel["rules"] == {"day_cap": 2}
    again = admin_client.put(
        "/api/channels/email", json={"enabled": True, "config": channel["config"]}
    )
    from app.extensions import db
    from app.messaging.settings import load_channels
    from app.models import ChannelConfig

    stored = db.session.get(ChannelConfig, "email").settings["config"]["password"]
    assert stored.startswith("fernet:")  # encrypted at rest
    assert load_channels(db.session)["email"].config["password"] == "pw"
    assert again.status_code == 200
    listing = admin_client.get("/api/channels").get_json()["channels"]
    sms = next(c for c in listing if c["channel"] == "sms")
    assert sms["default_rules"]["unsubscribe_line"] == "回T退订" and sms["usable"] is False
    assert "/api/channels/callbacks/" in sms["callback_url"]
    assert next(c for c in listing if c["channel"] == "inapp")["usable"] is True


def test_bad_settings_name_each_problem(admin_client):
    r = admin_client.put(
        "/api/channels/sms",
        json={
            "enabled": True,
            "config": {"endpoint": "ftp://x"},
            "rules": {"quiet_hours": {"start": "25:00", "end": "09:00"}, "cap_action": "drop"},
        },
    )
    fields = [e["field"] for e in r.get_json()["errors"]]
    assert r.status_code == 400 and fields == [
        "config.endpoint",
        "rules.cap_action",
        "rules.quiet_hours",
    ]
    assert admin_client.put("/api/channels/fax", json={"enabled": True}).status_code == 404


def test_marketer_may_not_change_channels(marketer_client):
    assert marketer_client.put("/api/channels/email", json={"enabled": False}).status_code == 403
    r = marketer_client.post(
        "/api/suppressions",
        json={"channel": "sms", "address": "13800000000", "reason": "complaint"},
    )
    assert r.status_code == 201
    assert marketer_client.post("/api/suppressions", json={"channel": "sms"}).status_code == 400
    assert (
        marketer_client.get("/api/suppressions").get_json()["suppressions"][0]["address"]
        == "13800000000"
    )
