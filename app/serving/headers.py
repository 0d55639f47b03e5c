"""What every response says about itself: security headers, and no server software banner."""

from __future__ import annotations

from werkzeug.serving import WSGIRequestHandler


class QuietRequestHandler(WSGIRequestHandler):
    """The development server without its ``Server: Werkzeug/<version> Python/<version>``."""

    def version_string(self) -> str:
        return "loyalty-canvas"
