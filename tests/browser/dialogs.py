"""Waiting for antd dialogs, pop-ups, select menus and folding panels: a click that lands
while one is still opening can be lost on a busy machine, so tests act on them only once their
opening animation is over, and check that a choice took."""

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

#: Elements in the middle of an opening animation (dialogs, pop-ups, folding panels).
OPENING = (
    ".ant-zoom-appear, .ant-zoom-enter, .ant-zoom-big-appear, .ant-zoom-big-enter, "
    ".ant-motion-collapse-appear, .ant-motion-collapse-enter, "
    ".ant-slide-up-appear, .ant-slide-up-enter, .ant-slide-down-appear, .ant-slide-down-enter"
)


def settled(page: Page) -> None:
    """Wait until no dialog, pop-up or panel is still opening."""
    page.locator(OPENING).first.wait_for(state="detached")


def opened_dialog(page: Page) -> Locator:
    """The open dialog, after its opening animation (waited for once the dialog is there)."""
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    page.locator(".ant-zoom-appear, .ant-zoom-enter").first.wait_for(state="detached")
    return dialog


def confirm_popup(page: Page, trigger: Locator, ok: str) -> None:
    """Open the confirmation pop-up of ``trigger`` and press its ``ok`` button.

    The trigger is clicked again only when no pop-up has appeared at all (its click was
    lost); a pop-up that is merely slow to open is waited for."""
    popup = page.locator(".ant-popconfirm:not(.ant-popover-hidden)")
    for _ in range(3):
        settled(page)
        trigger.click()
        try:
            popup.first.wait_for(state="attached", timeout=5000)
            break
        except PlaywrightTimeout:
            continue
    settled(page)
    popup.get_by_role("button", name=ok, exact=True).click()


def choose(
    page: Page, scope: Locator, label: str | None, option: str, *, search: str | None = None
) -> None:
    """Pick ``option`` in the antd select labelled ``label`` (the first select when None)
    within ``scope``.

    With ``search``, the text is typed into the select to find the option, and the option is
    the one whose text contains ``option``; otherwise it is the one titled ``option`` (or, for
    an option with a rich label and no title, the one whose text contains ``option``).
    The option is clicked in this select's own menu once it has finished opening; when the
    select does not show it afterwards (the click was lost), it is clicked again."""
    select = scope.locator(".ant-select")
    if label is not None:
        select = select.filter(has=page.get_by_role("combobox", name=label))
    select = select.first
    combobox = select.get_by_role("combobox")
    listbox = combobox.get_attribute("aria-controls")
    menu = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").filter(
        has=page.locator(f"[id='{listbox}']")
    )
    options = menu.locator(".ant-select-item-option")
    if search is None:
        # Options with a rich label carry no title; they are found by their text.
        titled = menu.get_by_title(option, exact=True)
        item = titled.or_(options.locator("xpath=self::*[not(@title)]").filter(has_text=option))
        item = item.first
    else:
        item = options.filter(has_text=option).first
    for _ in range(3):
        if not menu.is_visible():
            if search is None:
                select.click()
            else:
                combobox.fill(search)
            menu.wait_for()
        item.wait_for()
        settled(page)
        item.click()
        try:
            expect(select).to_contain_text(option, timeout=3000)
            return
        except AssertionError:
            continue
    expect(select).to_contain_text(option)


def menu_choice(page: Page, trigger: Locator, item: str) -> None:
    """Open the dropdown menu of ``trigger`` and click its ``item``.

    The item is clicked once the menu has finished opening; antd closes the menu on a click
    that took, so while it stays open the item is clicked again."""
    menu = page.locator(".ant-dropdown:not(.ant-dropdown-hidden)")
    for _ in range(3):
        if not menu.first.is_visible():
            trigger.click()
            menu.first.wait_for()
        settled(page)
        menu.get_by_role("menuitem", name=item).click()
        try:
            menu.first.wait_for(state="hidden", timeout=3000)
            return
        except PlaywrightTimeout:
            continue
    menu.first.wait_for(state="hidden")
