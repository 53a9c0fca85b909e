"""Loads each section of the demo branch once, in order.

A section is a name and a coroutine. The core section makes the branch and
its people; the services add their history on top through their own code.
A section that has been loaded is recorded in `demo_sections`, so a second
`make run` loads nothing and a new section added by an upgrade still loads.
"""

import importlib
from collections.abc import Awaitable, Callable
from datetime import date
from typing import cast

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from launcher.demo.core import CoreDemo, load_core_demo
from shared.models import DemoSection

log = structlog.get_logger(__name__)

Section = Callable[[AsyncSession, CoreDemo, date], Awaitable[None]]

# Each service's history, in the order they depend on each other. A service
# provides it as `load_history(session, core, today)` in its `demo` module.
SERVICE_SECTIONS = ("visits", "advisory", "hotline")


def _service_section(name: str) -> Section | None:
    try:
        module = importlib.import_module(f"services.{name}.demo")
    except ModuleNotFoundError as exc:
        if exc.name != f"services.{name}.demo":
            raise
        return None
    return cast(Section, module.load_history)


async def _loaded(session: AsyncSession) -> set[str]:
    return set(await session.scalars(select(DemoSection.name)))


async def load_demo(
    sessionmaker: async_sessionmaker[AsyncSession], *, today: date | None = None
) -> list[str]:
    """Load the sections not loaded yet; return their names."""
    today = today or date.today()
    newly_loaded: list[str] = []
    async with sessionmaker() as session:
        loaded = await _loaded(session)

    if "core" not in loaded:
        async with sessionmaker() as session, session.begin():
            await load_core_demo(session, today=today)
            session.add(DemoSection(name="core"))
        log.info("demo.section_loaded", section="core")
        newly_loaded.append("core")

    pending = [
        (name, section)
        for name in SERVICE_SECTIONS
        if name not in loaded and (section := _service_section(name)) is not None
    ]
    if not pending:
        return newly_loaded

    async with sessionmaker() as session:
        core = await CoreDemo.reload(session)
    for name, section in pending:
        async with sessionmaker() as session, session.begin():
            await section(session, core, today)
            session.add(DemoSection(name=name))
        log.info("demo.section_loaded", section=name)
        newly_loaded.append(name)
    return newly_loaded
