"""Signing in, the role-filtered navigation, the language switch and signing
out, in a real browser against the real combined app."""

import re

import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "branchdesk"

# Every nav link a supervisor (and only a supervisor) holds, by test id.
SUPERVISOR_LINKS = {
    "nav-link-home-overview",
    "nav-link-visits-meetings",
    "nav-link-sheets-list",
    "nav-link-sheets-queue",
    "nav-link-hotline-tickets",
    "nav-link-supervision-compliance",
    "nav-link-supervision-settings",
}


async def sign_in(page: Page, username: str, password: str) -> None:
    await page.get_by_test_id("login-username").fill(username)
    await page.get_by_test_id("login-password").fill(password)
    await page.get_by_test_id("login-submit").click()


async def nav_link_ids(page: Page) -> set[str]:
    links = page.get_by_test_id("nav").locator("[data-testid^=nav-link-]")
    return {await link.get_attribute("data-testid") for link in await links.all()}


async def test_supervisor_signs_in_and_the_nav_shows_only_their_pages(
    live_server, page
):
    await page.goto(live_server + "/")
    await expect(page.get_by_test_id("login-username")).to_be_visible()
    await expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    await sign_in(page, "supervisor1", PASSWORD)

    await expect(page.get_by_test_id("nav")).to_be_visible()
    await expect(page.get_by_test_id("home-profile")).to_contain_text("supervisor1")
    await expect(page.get_by_test_id("nav-link-supervision-compliance")).to_have_text(
        "定额达标"
    )
    # The client manager's visit plan, the callback agents' list and the admin
    # pages belong to roles a supervisor does not hold.
    assert await nav_link_ids(page) == SUPERVISOR_LINKS

    await page.get_by_test_id("nav-link-supervision-compliance").click()

    await expect(page).to_have_url(re.compile(r"#/supervision/compliance$"))
    await expect(page.get_by_test_id("page-title")).to_have_text("定额达标")


async def test_language_switch_shows_english_labels_and_is_remembered(
    live_server, page
):
    await page.goto(live_server + "/")
    await sign_in(page, "supervisor1", PASSWORD)
    await expect(page.get_by_test_id("nav")).to_be_visible()

    await page.get_by_test_id("lang-switch").select_option("en")

    compliance = page.get_by_test_id("nav-link-supervision-compliance")
    await expect(compliance).to_have_text("Quota compliance")
    await expect(page.get_by_test_id("logout")).to_have_text("Sign out")
    await expect(page.locator("html")).to_have_attribute("lang", "en")

    await page.reload()

    await expect(compliance).to_have_text("Quota compliance")
    await expect(page.locator("html")).to_have_attribute("lang", "en")


async def test_wrong_password_shows_the_error_in_the_chosen_language(live_server, page):
    await page.goto(live_server + "/")

    await sign_in(page, "supervisor1", "not-the-password")

    error = page.get_by_test_id("login-error")
    await expect(error).to_have_text("用户名或密码错误")
    await expect(page.get_by_test_id("nav")).to_have_count(0)

    await page.get_by_test_id("lang-switch").select_option("en")
    await sign_in(page, "supervisor1", "still-not-the-password")

    await expect(error).to_have_text("Wrong username or password")
    await expect(page.get_by_test_id("nav")).to_have_count(0)


async def test_a_deep_link_leads_through_login_to_the_page_asked_for(live_server, page):
    await page.goto(live_server + "/#/supervision/compliance")
    await expect(page.get_by_test_id("login-username")).to_be_visible()

    await sign_in(page, "supervisor1", PASSWORD)

    await expect(page.get_by_test_id("page-title")).to_have_text("定额达标")


async def test_signing_out_forgets_the_token_and_guards_the_pages(
    live_server, page, console_messages
):
    await page.goto(live_server + "/")
    await sign_in(page, "supervisor1", PASSWORD)
    await expect(page.get_by_test_id("nav")).to_be_visible()
    token = await page.evaluate("sessionStorage.getItem('branchdesk.token')")
    assert token

    await page.get_by_test_id("logout").click()

    await expect(page.get_by_test_id("login-username")).to_be_visible()
    assert await page.evaluate("sessionStorage.getItem('branchdesk.token')") is None
    await page.goto(live_server + "/#/sheets/queue")
    await expect(page.get_by_test_id("login-username")).to_be_visible()
    assert not [line for line in console_messages if token in line]


async def test_an_expired_session_goes_back_to_the_login_page(live_server, page):
    await page.goto(live_server + "/")
    await sign_in(page, "supervisor1", PASSWORD)
    await expect(page.get_by_test_id("nav")).to_be_visible()

    # A token the server no longer accepts: the next call is answered 401.
    await page.evaluate("sessionStorage.setItem('branchdesk.token', 'expired')")
    await page.reload()

    await expect(page.get_by_test_id("login-username")).to_be_visible()
    assert await page.evaluate("sessionStorage.getItem('branchdesk.token')") is None


async def test_a_token_near_its_end_is_refreshed_before_the_next_call(
    live_server, page
):
    await page.goto(live_server + "/")
    await sign_in(page, "supervisor1", PASSWORD)
    await expect(page.get_by_test_id("nav")).to_be_visible()
    await page.evaluate(
        "sessionStorage.setItem('branchdesk.tokenExpiresAt', Date.now() + 60000)"
    )

    async with page.expect_response("**/api/auth/refresh") as refreshed:
        await page.get_by_test_id("nav-link-supervision-compliance").click()

    assert (await refreshed.value).status == 200
    await expect(page.get_by_test_id("page-title")).to_have_text("定额达标")
    # The refreshed token's lifetime replaced the minute that was left.
    remaining_ms = await page.evaluate(
        "Number(sessionStorage.getItem('branchdesk.tokenExpiresAt')) - Date.now()"
    )
    assert remaining_ms > 10 * 60 * 1000


async def test_a_refused_field_is_named_with_the_form_label(live_server, page):
    await page.goto(live_server + "/")

    # The server allows letters, digits and . @ - _ in a username.
    await sign_in(page, "no spaces allowed", PASSWORD)

    field = page.get_by_test_id("login-error").get_by_test_id("problem-field-username")
    await expect(field).to_contain_text("用户名")
    await expect(page.get_by_test_id("nav")).to_have_count(0)
