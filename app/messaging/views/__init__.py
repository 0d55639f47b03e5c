"""Messaging routes, one module per concern.

Signed-in users: ``templates`` (save-time checks, preview), ``channels`` (Settings,
suppressions), ``messages`` (outbox status, ad-hoc sends), all on ``bp``. Member-facing and
public, each on its own blueprint: ``inbox``, ``links`` (unsubscribe, coupon claim) and
``tracking`` (open pixel, click redirects, provider callbacks).
"""

from flask import Blueprint

bp = Blueprint("messaging", __name__, url_prefix="/api")

from app.messaging.views import channels, messages, templates  # noqa: E402, F401
from app.messaging.views.inbox import bp as inbox_bp  # noqa: E402
from app.messaging.views.links import bp as links_bp  # noqa: E402
from app.messaging.views.tracking import bp as tracking_bp  # noqa: E402

#: Every messaging blueprint, for ``app.blueprints``.
blueprints = (bp, inbox_bp, links_bp, tracking_bp)
