"""A consultation sheet in a real browser: the client manager fills it in, an
analyst claims and answers it, and both confirm it reached the client."""

import re

import httpx
import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "branchdesk"


async def sign_in(page: Page, base: str, username: str) -> None:
    await page.goto(base + "/#/login")
    await page.get_by_test_id("login-username").fill(username)
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("nav")).to_be_visible()


async def sign_out(page: Page) -> None:
    await page.get_by_test_id("logout").click()
    await expect(page.get_by_test_id("login-username")).to_be_visible()


async def clients_of(
    base: str, username: str, *, below_top_risk: bool = False
) -> list[int]:
    """The clients `username` manages, in the picker's order: a manager writes
    sheets only for their own clients; `below_top_risk` keeps those for
    whom advice rated C5 is above their level."""
    async with httpx.AsyncClient(base_url=base + "/api") as api:
        login = await api.post(
            "/auth/token", data={"username": username, "password": PASSWORD}
        )
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        me = await api.get("/auth/me", headers=headers)
        clients = await api.get(
            "/advisory/directory/clients", params={"limit": 500}, headers=headers
        )
    return [
        client["id"]
        for client in clients.json()["items"]
        if client["manager_id"] == me.json()["id"]
        and (not below_top_risk or client["risk_level"] != "C5")
    ]


async def test_a_sheet_goes_from_the_manager_through_the_analyst_to_delivery(
    live_server: str, page: Page
) -> None:
    own_clients = await clients_of(live_server, "manager1")
    await sign_in(page, live_server, "manager1")
    await page.get_by_test_id("nav-link-sheets-new").click()
    client = page.get_by_test_id("sheet-client")
    # The picker offers the manager's own clients only, after its placeholder.
    await expect(client.locator("option")).to_have_count(1 + len(own_clients[:50]))
    cautious = await clients_of(live_server, "manager1", below_top_risk=True)
    await client.select_option(value=str(cautious[0]))
    question = page.get_by_test_id("sheet-question")
    await question.fill("茅台现在还能加仓吗？")
    # A text box is the card's width and several lines high.
    box = await question.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 60
    await page.get_by_test_id("holding-add").click()
    await page.get_by_test_id("holding-code-0").fill("600519")
    await page.get_by_test_id("holding-qty-0").fill("100")
    await page.get_by_test_id("holding-cost-0").fill("1500")

    # An unknown code is refused, naming the row, and nothing is lost.
    await page.get_by_test_id("holding-add").click()
    await page.get_by_test_id("holding-code-1").fill("999999")
    await page.get_by_test_id("holding-qty-1").fill("100")
    await page.get_by_test_id("holding-cost-1").fill("10")
    await page.get_by_test_id("sheet-submit").click()
    await expect(page.get_by_test_id("problem-field-holdings.1.code")).to_be_visible()
    await page.get_by_test_id("holding-remove-1").click()
    await page.get_by_test_id("sheet-save-draft").click()
    await expect(page.get_by_test_id("sheet-status")).to_have_text("草稿")

    # The draft is edited (sent with its version in If-Match) and submitted.
    await page.get_by_test_id("sheet-edit").click()
    await expect(page.get_by_test_id("holding-code-0")).to_have_value("600519")
    await page.get_by_test_id("sheet-question").fill("茅台现在还能加仓吗？仓位已三成。")
    await page.get_by_test_id("sheet-submit").click()

    detail = page.get_by_test_id("sheet-detail")
    await expect(detail).to_be_visible()
    await expect(detail).to_contain_text("仓位已三成")
    await expect(page).to_have_url(re.compile(r"#/sheets\?id=\d+$"))
    sheet_id = await detail.get_attribute("data-sheet-id")
    await expect(detail.get_by_test_id("sheet-status")).to_have_text("待领取")
    await expect(page.get_by_test_id("sheet-holdings")).to_contain_text("贵州茅台")
    await sign_out(page)

    await sign_in(page, live_server, "analyst1")
    await page.get_by_test_id("nav-link-sheets-queue").click()
    await expect(page.get_by_test_id(f"sheet-link-{sheet_id}")).to_be_visible()
    await page.get_by_test_id("queue-claim").click()
    await expect(page.get_by_test_id("sheet-detail")).to_have_attribute(
        "data-sheet-id", str(sheet_id)
    )
    await expect(page.get_by_test_id("sheet-status")).to_have_text("已领取")
    analysis = page.locator("[data-testid^=answer-analysis-]")
    # Each holding's analysis has a visible label of its own.
    await expect(page.locator("label", has=analysis)).to_contain_text("分析")
    await analysis.fill("估值偏高，仓位适中。")
    await page.locator("[data-testid^=answer-suggestion-]").select_option("hold")
    await page.get_by_test_id("answer-overall-analysis").fill("继续持有，不宜加仓。")
    await page.get_by_test_id("answer-risk-disclosure").fill("投资有风险，入市需谨慎。")
    await page.get_by_test_id("answer-advice-risk").select_option("C5")
    await page.get_by_test_id("answer-submit").click()
    await expect(page.get_by_test_id("sheet-status")).to_have_text("已答复")
    # The server's finding in full under a heading in the UI's language.
    flag = page.get_by_test_id("sheet-risk-flag")
    await expect(flag).to_contain_text("建议超出客户风险等级")
    await expect(flag.get_by_test_id("sheet-risk-flag-detail")).to_contain_text("C5")
    await page.get_by_test_id("delivery-channel").select_option("phone")
    await page.get_by_test_id("delivery-confirm").click()
    confirmed = page.get_by_test_id("timeline-delivery_confirmed")
    await expect(confirmed).to_contain_text("分析师确认（电话）")
    await expect(confirmed).not_to_contain_text("analyst:")
    await expect(page.get_by_test_id("sheet-status")).to_have_text("已答复")
    # The analyst's word counted; the manager's is awaited.
    awaited = page.get_by_test_id("delivery-awaited")
    await expect(awaited).to_contain_text("您的送达确认已记录")
    await expect(awaited).to_contain_text("等待客户经理确认")
    await expect(page.get_by_test_id("delivery-form")).to_have_count(0)
    await sign_out(page)

    await sign_in(page, live_server, "manager1")
    await page.goto(f"{live_server}/#/sheets?id={sheet_id}")
    await expect(page.get_by_test_id("sheet-answer")).to_contain_text("继续持有")
    await page.get_by_test_id("delivery-confirm").click()
    await expect(page.get_by_test_id("sheet-status")).to_have_text("已送达")
    await page.get_by_test_id("feedback-score").select_option("5")
    await page.get_by_test_id("feedback-comment").fill("讲解清楚")
    await page.get_by_test_id("feedback-submit").click()

    await expect(page.get_by_test_id("sheet-feedback")).to_contain_text("5 / 5")
    timeline = page.get_by_test_id("sheet-timeline")
    for step in ("created", "submitted", "claimed", "answered", "delivered"):
        await expect(timeline.get_by_test_id(f"timeline-{step}")).to_be_visible()
    await expect(timeline.get_by_test_id("timeline-feedback_recorded")).to_contain_text(
        "评分 5 / 5"
    )

    # A list shows that the advice is above the client's level, in words.
    await page.goto(f"{live_server}/#/sheets")
    row = page.get_by_test_id("sheets-table").locator(
        "tr", has=page.get_by_test_id(f"sheet-link-{sheet_id}")
    )
    await expect(row.get_by_test_id("risk-badge")).to_have_text("超出客户风险等级")
    await expect(row).not_to_contain_text("client")
    # The filter's checkbox sits right before its words.
    mine = (
        await page.get_by_test_id("sheets-filter")
        .locator("input[name=mine]")
        .bounding_box()
    )
    assert mine is not None and mine["width"] < 40


async def test_an_analyst_writes_a_report_with_trades_imported_from_csv(
    live_server: str, page: Page
) -> None:
    await sign_in(page, live_server, "analyst1")
    await page.get_by_test_id("nav-link-sheets-reports").click()
    client = page.get_by_test_id("report-client")
    await expect(client.locator("option")).not_to_have_count(1)
    await client.select_option(index=1)
    await page.get_by_test_id("report-title").fill("十一月持仓分析")
    await page.get_by_test_id("report-body").fill("白酒仓位偏重，建议分散。")
    await page.get_by_test_id("report-risk-disclosure").fill("投资有风险。")
    csv = page.get_by_test_id("report-trades-csv")
    await csv.fill(
        "traded_on,code,side,quantity,price\n2026-11-20,600519,hold,100,1480\n"
    )
    await page.get_by_test_id("report-submit").click()
    await expect(page.get_by_test_id("problem-field-trades_csv.1.side")).to_be_visible()

    await csv.fill(
        "traded_on,code,side,quantity,price\n2026-11-20,600519,buy,100,1480\n"
    )
    await page.get_by_test_id("report-submit").click()

    await expect(page.get_by_test_id("reports-table")).to_contain_text("十一月持仓分析")


async def test_a_hotline_agent_follows_a_handed_over_sheet_but_not_its_advice(
    live_server: str, page: Page
) -> None:
    async with httpx.AsyncClient(base_url=live_server + "/api") as api:

        async def token(username: str) -> dict[str, str]:
            login = await api.post(
                "/auth/token", data={"username": username, "password": PASSWORD}
            )
            return {"Authorization": f"Bearer {login.json()['access_token']}"}

        hotline = await token("hotline1")
        clients = await api.get(
            "/advisory/directory/clients", params={"limit": 1}, headers=hotline
        )
        created = await api.post(
            "/advisory/sheets",
            headers=hotline,
            json={
                "client_id": clients.json()["items"][0]["id"],
                "question": "电话里问：白酒板块还能拿吗？",
                "holdings": [],
                "submit": True,
            },
        )
        sheet_id = created.json()["id"]
        analyst = await token("analyst1")
        claimed = await api.post("/advisory/queue/claim", headers=analyst)
        assert claimed.json()["id"] == sheet_id
        answered = await api.post(
            f"/advisory/sheets/{sheet_id}/answer",
            headers=analyst,
            json={
                "overall_suggestion": "hold",
                "overall_analysis": "估值合理，继续持有。",
                "risk_disclosure": "股市有风险，投资需谨慎。",
            },
        )
        assert answered.status_code == 200, answered.text

    await sign_in(page, live_server, "hotline1")
    await page.goto(f"{live_server}/#/sheets?id={sheet_id}")

    await expect(page.get_by_test_id("sheet-status")).to_have_text("已答复")
    await expect(page.get_by_test_id("sheet-answer-withheld")).to_be_visible()
    await expect(page.get_by_test_id("sheet-answer")).to_have_count(0)
