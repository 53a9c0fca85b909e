"""Area pages over the real directory endpoints, and how a page reads its
endpoint's answer: 404 means that part of Branchdesk is not on this server,
any other failure is shown as the server explained it."""

import json

import pytest
from playwright.async_api import Page, Route, expect

pytestmark = pytest.mark.browser

PASSWORD = "branchdesk"


async def sign_in(page: Page, username: str) -> None:
    await page.get_by_test_id("login-username").fill(username)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("nav")).to_be_visible()


def answer_problem(status: int, title: str, detail: str):
    async def handle(route: Route) -> None:
        body = {"type": "about:blank", "title": title, "status": status}
        await route.fulfill(
            status=status,
            content_type="application/problem+json",
            body=json.dumps({**body, "detail": detail}),
        )

    return handle


async def test_admin_sees_the_branch_staff_with_their_roles(live_server, page):
    await page.goto(live_server + "/")
    await sign_in(page, "admin")

    await page.get_by_test_id("nav-link-admin-staff").click()

    table = page.get_by_test_id("staff-table")
    supervisor_row = table.locator("tr", has_text="supervisor1")
    await expect(supervisor_row).to_contain_text("营业部经理")
    await expect(table.locator("tr", has_text="analyst1")).to_contain_text("投资顾问")


async def test_admin_sees_the_rooms_with_their_kinds(live_server, page):
    await page.goto(live_server + "/")
    await sign_in(page, "admin")

    await page.get_by_test_id("nav-link-admin-rooms").click()

    rows = page.get_by_test_id("rooms-table").locator("tbody tr")
    await expect(rows).to_have_count(8)
    await expect(rows.filter(has_text="大户室A")).to_contain_text("大户室")


async def test_a_page_whose_endpoint_is_missing_says_it_is_not_enabled(
    live_server, page
):
    # A service of an older release, without a compliance endpoint, behind
    # the same proxy: its router answers a plain 404.
    await page.route(
        "**/api/hotline/compliance*", answer_problem(404, "Not found", "Not Found")
    )
    await page.goto(live_server + "/")
    await sign_in(page, "supervisor1")

    await page.get_by_test_id("nav-link-supervision-compliance").click()
    await page.get_by_test_id("compliance-service").select_option("hotline")
    await page.get_by_test_id("compliance-submit").click()

    await expect(page.get_by_test_id("not-enabled")).to_have_text(
        "Branchdesk 的这一部分尚未在此服务器上启用。"
    )


async def test_a_failing_endpoint_shows_the_servers_detail_not_the_notice(
    live_server, page
):
    await page.route(
        "**/api/advisory/queue*",
        answer_problem(503, "Not ready", "The database cannot be reached."),
    )
    await page.goto(live_server + "/")
    await sign_in(page, "supervisor1")

    await page.get_by_test_id("nav-link-sheets-queue").click()

    await expect(page.get_by_test_id("problem")).to_contain_text(
        "The database cannot be reached."
    )
    await expect(page.get_by_test_id("not-enabled")).to_have_count(0)
