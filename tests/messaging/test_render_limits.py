"""Templates render under limits: loop iterations, time, repetition and output size.

A short template of three nested loops used to take seconds to preview (the cost grows
with the cube of the loop size); it is now refused with a plain sentence at save, at
preview, and for a message whose template went past a limit anyway.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.messaging.dispatcher import Dispatcher
from app.messaging.outbox import enqueue_messages
from app.messaging.rendering import MAX_LOOP_ITERATIONS, RenderError, check_template, render
from app.models import OutboxMessage

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
CUBE = (
    '{% for a in "x"*300 %}{% for b in "x"*300 %}{% for c in "x"*300 %}{{ c }}'
    "{% endfor %}{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (CUBE, f"loops more than {MAX_LOOP_ITERATIONS:,} times"),
        ('{{ "x" * 10000000 }}', "repetition would be longer than"),
        ("{{ 9 ** 99999 }}", "powers above 100"),
        ('{% for a in "ab" * 40000 %}{{ a }}{% endfor %}', "loops more than"),
    ],
)
def test_costly_templates_are_refused_at_save_and_preview(marketer_client, body, needle):
    template = {"key": "t", "name": "t", "channel": "sms", "category": "marketing", "body": body}
    r = marketer_client.post("/api/message-templates", json=template)
    assert r.status_code == 400 and needle in r.get_json()["message"]
    preview = marketer_client.post(
        "/api/message-templates/preview", json={"channel": "sms", "body": body, "context": {}}
    )
    assert preview.status_code == 400 and needle in preview.get_json()["message"]


def test_ordinary_loops_still_render():
    body = '{% for c in "abc" %}{{ loop.index }}{{ c }} {% endfor %}'
    assert check_template("sms", "", body) == []
    assert render("sms", "", body, {}).body == "1a 2b 3c "


def test_each_render_has_its_own_budget():
    body = '{% for c in "x" * 6000 %}{% endfor %}'
    for _ in range(3):  # 18,000 iterations over three renders, 6,000 in each
        render("sms", "", body, {})
    with pytest.raises(RenderError, match="loops more than"):
        render("sms", "", body + body, {})


def test_a_message_whose_template_is_too_costly_fails_with_the_reason(
    members, message_template, channels, http_sink
):
    channels("sms", {"endpoint": http_sink.url})
    message_template("cube", "sms", body=CUBE)  # stored without the save-time check
    (m,) = members(1)
    enqueue_messages(db.session, [(m, "sms", "cube", {}, "k")], NOW)
    db.session.commit()
    assert Dispatcher(db.session, clock=lambda: NOW).run().outcomes == {"failed": 1}
    reason = db.session.scalar(select(OutboxMessage.reason))
    assert reason == f"render_error: the template loops more than {MAX_LOOP_ITERATIONS:,} times"
    assert not http_sink.attempts
