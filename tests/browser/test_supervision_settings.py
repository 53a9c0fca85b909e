"""A supervisor's settings page in a real browser: daily quotas with their
history, visit intervals per tier, visit topics and calendar overrides, and
the server's refusals shown beside the field they are about."""

import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "branchdesk"


async def open_settings(page: Page, base_url: str) -> None:
    await page.goto(base_url + "/#/supervision/settings")
    await page.get_by_test_id("login-username").fill("supervisor1")
    await page.get_by_test_id("login-password").fill(PASSWORD)
    await page.get_by_test_id("login-submit").click()
    await expect(page.get_by_test_id("page-title")).to_have_text("督导设置")
    await expect(page.get_by_test_id("settings-quota-form")).to_be_visible()


async def add_quota(page: Page, duty: str, daily: str, effective_from: str) -> None:
    form = page.get_by_test_id("settings-quota-form")
    await form.get_by_test_id("settings-quota-duty").select_option(duty)
    await form.get_by_test_id("settings-quota-daily").fill(daily)
    await form.get_by_test_id("settings-quota-from").fill(effective_from)
    await form.get_by_test_id("settings-quota-submit").click()


async def test_a_supervisor_adds_quotas_from_a_date_and_sees_them_in_the_history(
    live_server, page
):
    await open_settings(page, live_server)

    await add_quota(page, "visit", "7", "2027-03-01")

    await expect(page.get_by_test_id("settings-quotas-saved")).to_be_visible()
    history = page.get_by_test_id("settings-quota-history")
    row = history.locator("tbody tr", has_text="2027-03-01")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("客户拜访")
    await expect(row).to_contain_text("客户经理")
    await expect(row.locator("td").nth(3)).to_have_text("7")

    # Callbacks are the hotline's quota; the role a callback agent holds is
    # offered with it.
    await add_quota(page, "callback", "30", "2027-02-01")

    await expect(history.locator("tbody tr")).to_have_count(2)
    callback = history.locator("tbody tr", has_text="2027-02-01")
    await expect(callback).to_contain_text("电话回访")
    await expect(callback).to_contain_text("回访专员")
    # Newest first: the later start date heads the history.
    await expect(history.locator("tbody tr").first).to_contain_text("2027-03-01")


async def test_a_bad_quota_shows_the_servers_word_beside_its_field(live_server, page):
    await open_settings(page, live_server)
    form = page.get_by_test_id("settings-quota-form")

    await add_quota(page, "patrol", "-1", "2027-03-01")

    daily_error = form.get_by_test_id("settings-quota-form-error-daily_required")
    await expect(daily_error).to_have_text("应不小于 0")
    await expect(form.get_by_test_id("settings-quota-daily")).to_have_attribute(
        "aria-invalid", "true"
    )
    await expect(page.get_by_test_id("settings-quota-history")).to_contain_text(
        "暂无数据"
    )

    # A value for the same role and duty from the same day is refused (409).
    await add_quota(page, "patrol", "2", "2027-03-01")
    await expect(page.get_by_test_id("settings-quotas-saved")).to_be_visible()
    await add_quota(page, "patrol", "3", "2027-03-01")

    from_error = page.get_by_test_id("settings-quota-form-error-effective_from")
    await expect(from_error).to_contain_text("2027-03-01")
    history = page.get_by_test_id("settings-quota-history")
    await expect(history.locator("tbody tr")).to_have_count(1)


async def test_a_supervisor_adds_a_closed_day_and_removes_it(live_server, page):
    await open_settings(page, live_server)
    form = page.get_by_test_id("settings-calendar-form")

    await form.get_by_test_id("settings-calendar-day").fill("2027-02-10")
    await form.get_by_test_id("settings-calendar-kind").select_option("false")
    await form.get_by_test_id("settings-calendar-reason").fill("营业厅装修")
    await form.get_by_test_id("settings-calendar-submit").click()

    await expect(page.get_by_test_id("settings-calendar-saved")).to_be_visible()
    table = page.get_by_test_id("settings-calendar-table")
    row = table.locator("tbody tr", has_text="2027-02-10")
    await expect(row).to_contain_text("休息日")
    await expect(row).to_contain_text("营业厅装修")
    await expect(row).to_contain_text("本营业部")

    # The same day twice: the server's refusal stands beside the day.
    form = page.get_by_test_id("settings-calendar-form")
    await form.get_by_test_id("settings-calendar-day").fill("2027-02-10")
    await form.get_by_test_id("settings-calendar-kind").select_option("true")
    await form.get_by_test_id("settings-calendar-reason").fill("调休")
    await form.get_by_test_id("settings-calendar-submit").click()
    await expect(
        form.get_by_test_id("settings-calendar-form-error-day")
    ).to_contain_text("2027-02-10")

    await row.locator("[data-testid$=-remove]").click()
    await row.locator("[data-testid$=-confirm]").click()

    await expect(page.get_by_test_id("settings-calendar-saved")).to_contain_text(
        "2027-02-10"
    )
    await expect(page.get_by_test_id("settings-calendar-table")).not_to_contain_text(
        "2027-02-10"
    )


async def test_a_supervisor_sets_a_tier_interval_and_a_bad_one_is_refused(
    live_server, page
):
    await open_settings(page, live_server)
    high_end = page.get_by_test_id("settings-interval-high_end")
    source = page.get_by_test_id("settings-interval-high_end-source")
    await expect(source).to_have_text("系统默认")

    await high_end.get_by_test_id("settings-interval-high_end-days").fill("0")
    await high_end.get_by_test_id("settings-interval-high_end-save").click()

    await expect(
        high_end.get_by_test_id("settings-interval-high_end-error-interval_days")
    ).to_have_text("应不小于 1")

    await high_end.get_by_test_id("settings-interval-high_end-days").fill("3")
    await high_end.get_by_test_id("settings-interval-high_end-save").click()

    await expect(page.get_by_test_id("settings-intervals-saved")).to_be_visible()
    await expect(source).to_have_text("本营业部设定")
    await expect(page.get_by_test_id("settings-interval-high_end-days")).to_have_value(
        "3"
    )


async def test_a_supervisor_adds_a_visit_topic_and_withdraws_it(live_server, page):
    await open_settings(page, live_server)
    form = page.get_by_test_id("settings-topic-form")

    await form.get_by_test_id("settings-topic-code").fill("fund_products")
    await form.get_by_test_id("settings-topic-label").fill("基金产品")
    await form.get_by_test_id("settings-topic-submit").click()

    table = page.get_by_test_id("settings-topics-table")
    await expect(table.locator("tbody tr", has_text="fund_products")).to_contain_text(
        "基金产品"
    )
    # The defaults stay offered beside the branch's own topic.
    await expect(table).to_contain_text("market_outlook")

    await page.get_by_test_id("settings-topic-fund_products-toggle").click()

    status = page.get_by_test_id("settings-topic-fund_products-status")
    await expect(status).to_have_text("已停用")
