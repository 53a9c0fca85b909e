"""A client manager's day in a real browser: today's plan, logging a visit
from it and seeing the progress rise; a supervisor's compliance table."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "branchdesk"


async def _token(http: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await http.post(
        "/api/auth/token", data={"username": username, "password": PASSWORD}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _prepare_today(base_url: str) -> None:
    """Quotas, today as a working day whatever the calendar says (the test may
    run on a weekend), and on-site high-end clients of manager1, all through
    the API."""
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    clients = "\n".join(
        [
            "full_name,phone,id_number,account_no,tier,segment,risk_level,"
            "opened_on,manager_username",
            *(
                f"测试客户{n},1390000{n:04d},31010119800101{n:04d},"
                f"77000000{n:04d},high_end,on_site,C3,2015-01-05,manager1"
                for n in range(1, 5)
            ),
        ]
    )
    async with httpx.AsyncClient(base_url=base_url) as http:
        supervisor = await _token(http, "supervisor1")
        for duty, value in (("visit", 2), ("patrol", 1)):
            response = await http.post(
                "/api/visits/quotas",
                headers=supervisor,
                json={
                    "role": "client_manager",
                    "duty": duty,
                    "daily_required": value,
                    "effective_from": today,
                },
            )
            response.raise_for_status()
        response = await http.post(
            "/api/visits/calendar/overrides",
            headers=supervisor,
            json={"day": today, "is_working_day": True, "reason": "浏览器测试"},
        )
        response.raise_for_status()
        response = await http.post(
            "/api/visits/imports/clients",
            headers=supervisor,
            files={"file": ("clients.csv", clients.encode(), "text/csv")},
        )
        response.raise_for_status()


async def sign_in(page: Page, username: str) -> None:
    await page.get_by_test_id("login-username").fill(username)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("nav")).to_be_visible()


async def test_a_manager_logs_a_visit_from_the_plan_and_sees_progress_rise(
    live_server, page
):
    await _prepare_today(live_server)
    await page.goto(live_server + "/#/visits/today")
    await sign_in(page, "manager1")

    done = page.get_by_test_id("visits-progress-visit-done")
    await expect(done).to_have_text("0")
    await expect(page.get_by_test_id("visits-progress-visit-required")).to_have_text(
        "2"
    )
    rows = page.get_by_test_id("visits-plan").locator("tbody tr")
    await expect(rows).to_have_count(2)

    log_buttons = page.locator("[data-testid^=plan-entry-][data-testid$=-log]")
    first_log = log_buttons.first
    entry_id = (await first_log.get_attribute("data-testid")).split("-")[2]
    await first_log.click()
    form = page.get_by_test_id("visit-form")
    await expect(
        form.locator("label", has=page.get_by_test_id("visit-room"))
    ).to_contain_text("客户室")
    await form.get_by_test_id("visit-concerns").fill("关心新能源板块")
    await form.get_by_test_id("visit-consultation").check()
    await form.get_by_test_id("visit-submit").click()

    await expect(done).to_have_text("1")
    await expect(page.get_by_test_id(f"plan-entry-{entry_id}-visited")).to_be_visible()
    await expect(page.get_by_test_id("visits-saved")).to_contain_text("拜访记录")

    await page.get_by_test_id("visits-log-patrol").click()
    await page.get_by_test_id("patrol-check-terminals").uncheck()
    await page.get_by_test_id("patrol-submit").click()

    await expect(page.get_by_test_id("visits-progress-patrol-done")).to_have_text("1")


async def test_a_supervisor_reads_the_compliance_table_for_a_period(live_server, page):
    await _prepare_today(live_server)
    await page.goto(live_server + "/#/supervision/compliance")
    await sign_in(page, "supervisor1")

    table = page.get_by_test_id("compliance-table")
    # Eight managers owe visits and patrols today and nobody has done any.
    await expect(table.get_by_test_id("compliance-missed").first).to_be_visible()
    await expect(page.get_by_test_id("compliance-summary")).to_contain_text("0")

    # The advisory service is named as everywhere else.
    service = page.get_by_test_id("compliance-service")
    await expect(service.locator("option[value=advisory]")).to_have_text("咨询表")
    await page.get_by_test_id("compliance-service").select_option("hotline")
    await page.get_by_test_id("compliance-submit").click()

    await expect(page).to_have_url(re.compile(r"compliance\?service=hotline"))
    # Every service's duties read as words, not codes.
    await expect(page.get_by_test_id("compliance-table")).to_contain_text("电话回访")
    await expect(page.get_by_test_id("compliance-table")).not_to_contain_text(
        "callback"
    )


async def test_a_manager_plans_a_meeting_and_records_attendance(live_server, page):
    await page.goto(live_server + "/#/visits/meetings")
    await sign_in(page, "manager1")

    form = page.get_by_test_id("meeting-form")
    await form.get_by_test_id("meeting-day").fill("2026-12-04")
    await form.get_by_test_id("meeting-topic").fill("年末行情展望")
    await form.get_by_test_id("meeting-analysts").select_option(index=0)
    invited = form.get_by_test_id("meeting-invited")
    await invited.select_option(index=0)
    await form.get_by_test_id("meeting-submit").click()

    table = page.get_by_test_id("meetings-table")
    await expect(table.locator("tbody tr")).to_have_count(1)
    await expect(table).to_contain_text("年末行情展望")
    await expect(table).to_contain_text("邀请 1 人，出席 0 人")

    await table.locator("summary").click()
    await table.locator("input[name=attended]").check()
    await table.get_by_role("button").click()

    await expect(table).to_contain_text("邀请 1 人，出席 1 人")
