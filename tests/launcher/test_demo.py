from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from launcher.demo import loader
from launcher.demo.core import DEMO_BRANCH_CODE, DEMO_PASSWORD, CoreDemo, load_core_demo
from services.visits.app import create_app as create_visits
from shared.models import (
    Branch,
    ClientSegment,
    ClientTier,
    DemoSection,
    Holding,
    Listing,
)
from shared.roles import Role
from tests.conftest import ClientFor

DEMO_ACCOUNTS = (
    "manager1",
    "analyst1",
    "callback1",
    "hotline1",
    "broker1",
    "supervisor1",
    "admin",
)


async def test_the_demo_branch_is_realistic(session: AsyncSession) -> None:
    demo = await load_core_demo(session)

    assert 28 <= len(demo.staff) <= 32
    assert set(DEMO_ACCOUNTS) <= set(demo.staff)
    assert {role for s in demo.staff.values() for role in s.roles} == set(Role)
    assert len(demo.rooms) == 8
    assert len(demo.clients) == 1500

    tiers = Counter(client.tier for client in demo.clients)
    assert 0.6 < tiers[ClientTier.RETAIL] / 1500 < 0.8
    assert 0.01 < tiers[ClientTier.HIGH_END] / 1500 < 0.06
    off_site = sum(c.segment == ClientSegment.OFF_SITE for c in demo.clients)
    assert off_site > 750
    assert all(c.room_id for c in demo.clients if c.segment == ClientSegment.ON_SITE)


async def test_demo_analysts_are_qualified_except_the_trainee(
    session: AsyncSession,
) -> None:
    demo = await load_core_demo(session, scale=0.01)

    analysts = {n: s for n, s in demo.staff.items() if Role.ANALYST in s.roles}
    assert analysts["trainee1"].adviser_qualification_no is None
    assert all(
        s.adviser_qualification_no for n, s in analysts.items() if n != "trainee1"
    )


async def test_demo_holdings_are_real_listings_in_lots(session: AsyncSession) -> None:
    demo = await load_core_demo(session, scale=0.05)

    holdings = list(
        await session.scalars(
            select(Holding).where(Holding.branch_id == demo.branch.id)
        )
    )
    codes = set(await session.scalars(select(Listing.code)))
    assert holdings
    assert {h.code for h in holdings} <= codes
    assert all(h.quantity % 100 == 0 and h.cost_price > 0 for h in holdings)


async def test_demo_accounts_sign_in_with_the_demo_password(
    session: AsyncSession, client_for: ClientFor
) -> None:
    await load_core_demo(session, scale=0.01)
    client = client_for(create_visits)

    for username in DEMO_ACCOUNTS:
        response = await client.post(
            "/auth/token", data={"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 200, username


async def test_the_demo_is_loaded_once_section_by_section(
    fresh_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each section loads once, and one added later (an upgrade) still loads.

    The services' real sections are tested beside each service; here they are
    stood in for by a section that only counts its runs, to keep this quick.
    """
    runs: list[str] = []

    async def history(session: AsyncSession, core: CoreDemo, today: date) -> None:
        runs.append(core.branch.code)

    monkeypatch.setattr(loader, "SERVICE_SECTIONS", ("visits",))
    monkeypatch.setattr(loader, "_service_section", lambda name: history)
    engine = create_async_engine(fresh_database_url)
    sessionmaker = async_sessionmaker(engine, expire_on_commit=False)
    try:
        first = await loader.load_demo(sessionmaker)
        second = await loader.load_demo(sessionmaker)
        monkeypatch.setattr(loader, "SERVICE_SECTIONS", ("visits", "hotline"))
        after_upgrade = await loader.load_demo(sessionmaker)
        async with sessionmaker() as session:
            branches = await session.scalar(select(func.count()).select_from(Branch))
            sections = set(await session.scalars(select(DemoSection.name)))
    finally:
        await engine.dispose()

    assert branches == 1
    assert first == ["core", "visits"]
    assert second == []
    assert after_upgrade == ["hotline"]
    assert sections == {"core", "visits", "hotline"}
    assert runs == [DEMO_BRANCH_CODE, DEMO_BRANCH_CODE]
