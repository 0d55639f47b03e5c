"""The browser fixtures (the app serving the built frontend, Chromium, sign-in) for live pages."""

from tests.browser.conftest import admin, app, browser, page, sign_in  # noqa: F401
