"""Waiting for antd dialogs: a click that lands while a dialog is still zooming in can be
lost on a busy machine, so tests act on a dialog only once its opening animation is over."""

from playwright.sync_api import Locator, Page


def opened_dialog(page: Page) -> Locator:
    """The open dialog, after its opening animation."""
    page.locator(".ant-zoom-appear, .ant-zoom-enter").wait_for(state="detached")
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    return dialog
