"""The off-site desk in a real browser: a callback agent logs a call from
today's plan and sees the progress rise; a hotline agent opens a ticket and
works it through to resolved."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "branchdesk"
# As the sheets pages show a moment in Chinese: 2026/12/4 09:47:00.
CHINESE_MOMENT = re.compile(r"^\d{4}/\d{1,2}/\d{1,2} \d{2}:\d{2}:\d{2}$")


def csp_errors(console_messages: list[str]) -> list[str]:
    return [m for m in console_messages if "Content Security Policy" in m]


async def _token(http: httpx.AsyncClient, username: str) -> dict[str, str]:
    response = await http.post(
        "/api/auth/token", data={"username": username, "password": PASSWORD}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _prepare(base_url: str) -> None:
    """A callback quota, today as a trading day whatever the calendar says (the
    test may run on a weekend), and hotline1 on duty on the technical line."""
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    async with httpx.AsyncClient(base_url=base_url) as http:
        supervisor = await _token(http, "supervisor1")
        response = await http.post(
            "/api/hotline/quotas",
            headers=supervisor,
            json={
                "role": "callback_agent",
                "duty": "callback",
                "daily_required": 3,
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
        me = await http.get("/api/auth/me", headers=await _token(http, "hotline1"))
        response = await http.put(
            f"/api/hotline/lines/technical/agents/{me.json()['id']}",
            headers=supervisor,
            json={"on_duty": True},
        )
        response.raise_for_status()


async def sign_in(page: Page, username: str) -> None:
    await page.get_by_test_id("login-username").fill(username)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("nav")).to_be_visible()


async def test_a_callback_agent_logs_a_call_from_todays_plan(
    live_server, page, console_messages
):
    await _prepare(live_server)
    await page.goto(live_server + "/#/hotline/callbacks")
    await sign_in(page, "callback1")

    await expect(page.get_by_test_id("callback-progress-required")).to_have_text("3")
    await expect(page.get_by_test_id("callback-progress-done")).to_have_text("0")
    first = page.locator("[data-testid^=plan-client-][data-testid$=-log]").first
    client_id = re.search(r"\d+", await first.get_attribute("data-testid") or "")
    assert client_id is not None

    await first.click()
    # Each choice sits right before its words, not stretched across the form.
    radio = await page.get_by_test_id("outcome-reached").bounding_box()
    words = await page.get_by_text("已接通", exact=True).bounding_box()
    assert radio is not None and words is not None
    assert radio["width"] < 40 and 0 <= words["x"] - radio["x"] < 40
    notes = await page.get_by_test_id("callback-notes").bounding_box()
    assert notes is not None and notes["width"] > 400 and notes["height"] > 50
    await page.get_by_test_id("outcome-reached").check()
    await page.get_by_test_id("topics-new_services").check()
    await page.get_by_test_id("callback-notes").fill("介绍了新的理财产品")
    await page.get_by_test_id("callback-submit").click()

    await expect(page.get_by_test_id("callback-progress-done")).to_have_text("1")
    await expect(
        page.get_by_test_id(f"plan-client-{client_id.group()}-called")
    ).to_have_text("已接通")
    assert csp_errors(console_messages) == []


async def test_a_hotline_agent_works_a_ticket_to_resolved(
    live_server, page, console_messages
):
    await _prepare(live_server)
    await page.goto(live_server + "/#/hotline/tickets?line=technical")
    await sign_in(page, "hotline1")

    async with httpx.AsyncClient(base_url=live_server) as http:
        clients = await http.get(
            "/api/hotline/directory/clients",
            params={"limit": 1},
            headers=await _token(http, "hotline1"),
        )
    caller = clients.json()["items"][0]

    await page.get_by_test_id("ticket-new").click()
    # The caller is found by the phone number they call from.
    await page.get_by_test_id("ticket-client-search").fill(caller["phone"])
    await page.get_by_test_id("ticket-client-search").press("Enter")
    await expect(page.get_by_test_id("ticket-client")).to_have_value(str(caller["id"]))
    await page.get_by_test_id("ticket-phone").fill("13900001111")
    await page.get_by_test_id("ticket-summary").fill("行情软件无法登录")
    await page.get_by_test_id("ticket-priority").select_option("high")
    await page.get_by_test_id("ticket-submit").click()

    await expect(page.get_by_test_id("ticket-status")).to_have_text("已分派")
    await expect(page.get_by_test_id("ticket-caller")).to_contain_text(
        caller["full_name"]
    )
    await expect(page.get_by_test_id("ticket-assignee")).not_to_have_text("—")
    # The assignment reads as words, naming the agent, not as a code.
    assigned = page.get_by_test_id("ticket-event-assigned")
    await expect(assigned).to_contain_text("轮流分派给")
    await expect(assigned).not_to_contain_text("round_robin")
    await expect(page.get_by_test_id("ticket-clock-resolution-state")).to_contain_text(
        "剩余"
    )
    opened_at = page.get_by_test_id("ticket-event-opened").locator("span.muted")
    await expect(opened_at).to_have_text(CHINESE_MOMENT)
    # In the branch's time zone, whatever the browser's own clock says.
    ticket_id = re.search(r"id=(\d+)", page.url)
    assert ticket_id is not None
    async with httpx.AsyncClient(base_url=live_server) as http:
        ticket = await http.get(
            f"/api/hotline/tickets/{ticket_id.group(1)}",
            headers=await _token(http, "hotline1"),
        )
    events = ticket.json()["events"]
    opened_event = next(event for event in events if event["kind"] == "opened")
    opened = datetime.fromisoformat(opened_event["at"])
    local = opened.astimezone(ZoneInfo("Asia/Shanghai"))
    await expect(opened_at).to_have_text(
        f"{local.year}/{local.month}/{local.day} {local:%H:%M:%S}"
    )

    await page.get_by_test_id("ticket-status-select").select_option("in_progress")
    await page.get_by_test_id("ticket-status-submit").click()
    await expect(page.get_by_test_id("ticket-status")).to_have_text("处理中")

    await page.get_by_test_id("ticket-status-select").select_option("resolved")
    await page.get_by_test_id("ticket-status-note").fill("重置密码后恢复")
    await page.get_by_test_id("ticket-status-submit").click()

    await expect(page.get_by_test_id("ticket-status")).to_have_text("已解决")
    await expect(page.get_by_test_id("ticket-clock-resolution-state")).to_contain_text(
        "完成"
    )
    await expect(page.get_by_test_id("ticket-timeline")).to_contain_text(
        "重置密码后恢复"
    )
    await expect(page.get_by_test_id("ticket-event-status")).to_have_count(2)

    # A supervisor's queue: the resolved ticket has left the open queue.
    await page.get_by_test_id("logout").click()
    await page.goto(live_server + "/#/hotline/tickets?line=technical")
    await sign_in(page, "supervisor1")
    await expect(page.get_by_test_id("queue-technical")).to_contain_text("暂无")
    assert csp_errors(console_messages) == []


async def test_a_handed_over_ticket_links_to_its_sheet(live_server, page):
    async with httpx.AsyncClient(base_url=live_server) as http:
        agent = await _token(http, "hotline1")
        clients = await http.get(
            "/api/advisory/directory/clients", params={"limit": 1}, headers=agent
        )
        ticket = await http.post(
            "/api/hotline/tickets",
            headers=agent,
            json={
                "line": "investment",
                "caller_client_id": clients.json()["items"][0]["id"],
                "summary": "白酒板块还能拿吗",
                "priority": "normal",
            },
        )
        ticket.raise_for_status()
        ticket_id = ticket.json()["id"]
        handoff = await http.post(
            f"/api/hotline/tickets/{ticket_id}/handoff",
            headers=agent,
            json={"question": "白酒板块还能拿吗？"},
        )
        handoff.raise_for_status()
        sheet_id = handoff.json()["sheet_id"]
        assert sheet_id is not None

    await page.goto(f"{live_server}/#/hotline/tickets?id={ticket_id}")
    await sign_in(page, "hotline1")

    linked = page.get_by_test_id("ticket-event-handoff_linked")
    await expect(linked).to_contain_text(f"已转为咨询表 #{sheet_id}")
    await expect(linked).not_to_contain_text("sheet:")
    await expect(linked.get_by_role("link")).to_have_attribute(
        "href", f"#/sheets?id={sheet_id}"
    )
    card_link = page.get_by_test_id("ticket-handoff").get_by_role("link")
    await expect(card_link).to_have_text(f"咨询表 #{sheet_id}")
    await card_link.click()
    await expect(page.get_by_test_id("sheet-detail")).to_have_attribute(
        "data-sheet-id", str(sheet_id)
    )
