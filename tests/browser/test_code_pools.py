"""Code pools on the coupons page: create a pool, upload codes, see bad rows, set the level."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from app.extensions import db
from app.models.code_pools import CodePoolAlert, PoolCode
from tests.browser.dialogs import opened_dialog

pytestmark = pytest.mark.browser


def test_admin_uploads_codes_sees_bad_rows_and_sets_the_low_stock_level(
    page: Page, sign_in, tmp_path
):
    sign_in()
    page.goto("/coupons")
    pools = page.get_by_test_id("code-pools")
    expect(pools).to_contain_text("No code pools yet")
    pools.get_by_role("button", name="New pool").click()
    dialog = opened_dialog(page)
    dialog.get_by_label("Name").fill("Cinema tickets")
    dialog.get_by_label("Key").fill("cinema")
    dialog.get_by_role("button", name="Create pool").click()
    expect(dialog).to_be_hidden()

    good = tmp_path / "good.csv"
    good.write_text("code\nFILM-1\nFILM-2\nFILM-3\n")
    row = pools.locator(".ant-table-row").filter(has_text="cinema")
    row.locator("input[type=file]").set_input_files(str(good))
    expect(pools.get_by_test_id("pool-stock-cinema")).to_contain_text("3 of 3 left")

    bad = tmp_path / "bad.csv"
    bad.write_text("code\nFILM-4\nFILM-4\nfilm-1\n")
    row.locator("input[type=file]").set_input_files(str(bad))
    errors = pools.get_by_test_id("pool-upload-errors")
    expect(errors).to_contain_text("Row 3: code 'FILM-4' repeats row 2 of the file")
    expect(errors).to_contain_text("Row 4: code 'FILM-1' is already in this pool")
    assert db.session.scalar(select(func.count()).select_from(PoolCode)) == 3

    row.get_by_label("Low-stock level of Cinema tickets").fill("5")
    row.get_by_role("button", name="Set").click()
    expect(row).to_contain_text("Low since")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(CodePoolAlert)) == 1
