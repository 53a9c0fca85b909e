import time
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from launcher.demo.core import load_core_demo
from services.advisory.demo import load_history
from shared.business_days import local_day, local_today
from shared.models import AuditEntry
from shared.models.advisory import AdvisoryEvent, AnalysisReport, Sheet, SheetStatus


async def test_the_demo_history_has_sixty_trading_days_of_sheets_in_every_state(
    session: AsyncSession,
) -> None:
    today = local_today("Asia/Shanghai")
    core = await load_core_demo(session, scale=0.1, today=today)

    started = time.perf_counter()
    await load_history(session, core, today)
    seconds = time.perf_counter() - started

    sheets = list(await session.scalars(select(Sheet)))
    statuses = Counter(sheet.status for sheet in sheets)
    days = {local_day(s.created_at, "Asia/Shanghai") for s in sheets}
    assert set(statuses) == set(SheetStatus)
    assert statuses[SheetStatus.DELIVERED] > len(sheets) / 2
    assert len(days) == 60
    assert max(days) < today
    now = datetime.now(UTC)
    assert all(s.delivered_at is None or s.delivered_at <= now for s in sheets)
    assert any(s.overdue_marked_at for s in sheets)
    assert any(s.answered_at and s.due_at and s.answered_at > s.due_at for s in sheets)
    assert any(s.feedback_score for s in sheets)
    reports = await session.scalar(select(func.count()).select_from(AnalysisReport))
    assert reports is not None and reports >= 15
    # Made through the service: every sheet has its timeline and audit trail.
    timelines = set(
        await session.scalars(
            select(AdvisoryEvent.sheet_id).where(AdvisoryEvent.kind == "created")
        )
    )
    assert timelines == {sheet.id for sheet in sheets}
    audited = await session.scalar(
        select(func.count()).where(
            AuditEntry.entity == "sheets", AuditEntry.actor_id.is_not(None)
        )
    )
    assert audited and audited > len(sheets)
    # The aim is well under 20 s; the bound leaves room for a busy machine.
    assert seconds < 40
