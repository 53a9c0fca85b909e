"""The system administrator's pages in a real browser: opening a staff account
that then signs in, deactivating it, field errors beside their fields, rooms."""

import re

import pytest
from playwright.async_api import Browser, Page, expect

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "branchdesk"
NEW_PASSWORD = "hotline-agent-2026"


async def sign_in(page: Page, username: str, password: str) -> None:
    await page.get_by_test_id("login-username").fill(username)
    await page.get_by_test_id("login-password").fill(password)
    await page.get_by_test_id("login-submit").click()


async def sign_in_elsewhere(browser: Browser, live_server: str, username: str) -> Page:
    """Sign in as `username` in a browser context of its own, as on another desk."""
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(10_000)
    await page.goto(live_server + "/")
    await sign_in(page, username, NEW_PASSWORD)
    return page


async def open_admin_page(page: Page, live_server: str, path: str) -> None:
    await page.goto(live_server + "/")
    await sign_in(page, "admin", DEMO_PASSWORD)
    await expect(page.get_by_test_id("nav")).to_be_visible()
    await page.get_by_test_id(f"nav-link-admin-{path}").click()
    await expect(page).to_have_url(re.compile(rf"#/admin/{path}$"))


async def test_admin_opens_an_account_that_signs_in_until_it_is_deactivated(
    live_server, page, browser
):
    await open_admin_page(page, live_server, "staff")

    await page.get_by_test_id("admin-staff-new").click()
    form = page.get_by_test_id("admin-staff-form")
    await form.get_by_test_id("admin-input-username").fill("Hotline9")
    await form.get_by_test_id("admin-input-full_name").fill("陈静")
    await form.get_by_test_id("admin-role-hotline_agent").check()
    await form.get_by_test_id("admin-input-password").fill(NEW_PASSWORD)
    await form.get_by_test_id("admin-staff-form-submit").click()

    await expect(page.get_by_test_id("admin-saved")).to_contain_text("hotline9")
    row = page.get_by_test_id("staff-table").locator("tr", has_text="hotline9")
    await expect(row).to_contain_text("陈静")
    await expect(row).to_contain_text("热线坐席")

    desk = await sign_in_elsewhere(browser, live_server, "hotline9")
    await expect(desk.get_by_test_id("whoami")).to_contain_text("陈静")
    await desk.context.close()

    await row.locator("[data-testid^=admin-staff-edit-]").click()
    edit = page.get_by_test_id("admin-staff-edit-form")
    await edit.get_by_test_id("admin-input-is_active").uncheck()
    await edit.get_by_test_id("admin-staff-edit-form-submit").click()

    await expect(page.get_by_test_id("admin-saved")).to_be_visible()
    await expect(row).to_contain_text("已停用")
    desk = await sign_in_elsewhere(browser, live_server, "hotline9")
    await expect(desk.get_by_test_id("login-error")).to_have_text("用户名或密码错误")
    await expect(desk.get_by_test_id("nav")).to_have_count(0)
    await desk.context.close()


async def test_the_servers_objections_appear_beside_their_fields(live_server, page):
    await open_admin_page(page, live_server, "staff")

    await page.get_by_test_id("admin-staff-new").click()
    form = page.get_by_test_id("admin-staff-form")
    await form.get_by_test_id("admin-input-username").fill("callback9")
    await form.get_by_test_id("admin-input-full_name").fill("孙丽")
    await form.get_by_test_id("admin-input-password").fill("12345678901")
    await form.get_by_test_id("admin-staff-form-submit").click()

    # The server's objection in the UI's language, by its validation type.
    await expect(form.get_by_test_id("admin-field-error-password")).to_have_text(
        "密码不能只有数字"
    )
    await expect(form.get_by_test_id("admin-field-error-roles")).to_be_visible()
    await expect(form.get_by_test_id("admin-field-error-username")).to_be_hidden()
    # Every error sits beside its field: no heading with nothing under it.
    await expect(form.get_by_test_id("admin-staff-form-error")).to_be_empty()

    # A name another branch or this one already uses is a conflict, shown above
    # the buttons with the server's explanation.
    await form.get_by_test_id("admin-input-username").fill("Manager1")
    await form.get_by_test_id("admin-role-callback_agent").check()
    await form.get_by_test_id("admin-input-password").fill(NEW_PASSWORD)
    await form.get_by_test_id("admin-staff-form-submit").click()

    error = form.get_by_test_id("admin-staff-form-error")
    await expect(error).to_contain_text("manager1 is taken")
    await expect(form.get_by_test_id("admin-field-error-password")).to_be_hidden()


async def test_admin_adds_a_room_and_sees_it_listed_then_retires_it(live_server, page):
    await open_admin_page(page, live_server, "rooms")

    await page.get_by_test_id("admin-room-new").click()
    form = page.get_by_test_id("admin-room-form")
    await form.get_by_test_id("admin-input-name").fill("VIP室九")
    await form.get_by_test_id("admin-input-kind").select_option("vip")
    await form.get_by_test_id("admin-room-form-submit").click()

    row = page.get_by_test_id("rooms-table").locator("tr", has_text="VIP室九")
    await expect(row).to_contain_text("VIP 室")
    await expect(row).to_contain_text("使用中")

    await row.locator("[data-testid^=admin-room-edit-]").click()
    edit = page.get_by_test_id("admin-room-edit-form")
    await edit.get_by_test_id("admin-input-is_active").uncheck()
    await edit.get_by_test_id("admin-room-edit-form-submit").click()

    await expect(row).to_contain_text("已停用")
