"""A live Branchdesk and a headless Debian Chromium for the browser tests.

`live_server` runs the combined app (SPA at /, APIs under /api) with uvicorn
in a background thread, on a free 127.0.0.1 port, against a fresh database
seeded with the demo branch's people. The browser is the system's
/usr/bin/chromium: these tests never download one.
"""

import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from launcher.demo.core import load_core_demo
from launcher.gateway import create_app
from shared.settings import Settings, get_settings

CHROMIUM = Path("/usr/bin/chromium")
# The flags this machine needs: it has no sandbox for root, no GPU, and a
# closed network that Chromium's background services would keep knocking on.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
SERVER_START_SECONDS = 30
# Staff and rooms are complete at any scale; a few clients keep seeding quick.
DEMO_SCALE = 0.01


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM

    reason = f"{CHROMIUM} is missing: install Debian's chromium package"
    # CI must run the browser tests; a skip there would hide a broken setup.
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
async def demo_database_url(fresh_database_url: str) -> str:
    engine = create_async_engine(Settings(database_url=fresh_database_url).database_url)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            await load_core_demo(session, scale=DEMO_SCALE)
    finally:
        await engine.dispose()
    return fresh_database_url


def _bind() -> tuple[socket.socket, int]:
    # Binding here, not in uvicorn, gives a free port with no window in which
    # another process could take it.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()[1]


def _serve(
    app: FastAPI, sock: socket.socket
) -> tuple[uvicorn.Server, threading.Thread]:
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    return server, thread


@pytest.fixture
def live_server(demo_database_url: str) -> Iterator[str]:
    sock, port = _bind()
    # The hotline hands questions to advisory over HTTP: here, this same server.
    settings = get_settings().model_copy(
        update={
            "database_url": demo_database_url,
            "scheduler_enabled": False,
            "advisory_url": f"http://127.0.0.1:{port}/api/advisory",
        }
    )
    server, thread = _serve(create_app(settings), sock)

    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail("the live server did not start; see its log above")
        time.sleep(0.05)

    yield f"http://127.0.0.1:{port}"

    server.should_exit = True
    thread.join(timeout=10)


# The async API, not the sync one: sync Playwright leaves its own event loop
# marked as running in the test thread, which breaks every asyncio test and
# fixture that pytest-asyncio runs after it.
@pytest.fixture(scope="session")
async def browser(chromium_path: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield browser
        await browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def console_messages() -> list[str]:
    """What the page under test wrote to its console, as "type: text"."""
    return []


@pytest.fixture
async def page(
    browser: Browser, console_messages: list[str], request: pytest.FixtureRequest
) -> AsyncIterator[Page]:
    """A page in a fresh context (no stored token or language), that fails the
    test on an uncaught script error and leaves a screenshot when it fails."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    page.set_default_timeout(10_000)
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.on("console", lambda message: console_messages.append(_text(message)))

    yield page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name}.png"
        await page.screenshot(path=shot, full_page=True)
    await context.close()
    assert not script_errors, f"uncaught errors in the page: {script_errors}"


def _text(message: ConsoleMessage) -> str:
    return f"{message.type}: {message.text}"
