from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from services.advisory.reports import service
from services.advisory.reports.schemas import ReportCreate, ReportRead, ReportSummary
from services.advisory.sheets.access import visible_report
from services.advisory.sheets.schemas import (
    DeliveryConfirmation,
    EventRead,
    FeedbackCreate,
)
from shared.auth.dependencies import CurrentStaff, require_roles
from shared.db import SessionDep
from shared.directory.service import count_and_fetch
from shared.models.org import Staff
from shared.roles import Role
from shared.schemas import Page

router = APIRouter(prefix="/reports", tags=["reports"])

Reader = Annotated[
    Staff,
    Depends(
        require_roles(Role.CLIENT_MANAGER, Role.ANALYST, Role.BROKER, Role.SUPERVISOR)
    ),
]


@router.post("", response_model=ReportRead, status_code=201)
async def write_report(
    body: ReportCreate, session: SessionDep, staff: CurrentStaff
) -> ReportRead:
    """A qualified analyst's report for an off-site client. The client's
    holdings on record are stored with it; recent trades come as `trades`,
    as `trades_csv` (header `traded_on,code,side,quantity,price`), or both."""
    report = await service.create_report(session, staff, body, now=datetime.now(UTC))
    return await service.report_read(session, report)


@router.get("", response_model=Page[ReportSummary])
async def list_reports(
    session: SessionDep,
    staff: Reader,
    client_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[ReportSummary]:
    query = service.report_query(staff, client_id)
    total, reports = await count_and_fetch(session, query, limit, offset)
    items = [ReportSummary.model_validate(report) for report in reports]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{report_id}", response_model=ReportRead)
async def read_report(report_id: int, session: SessionDep, staff: Reader) -> ReportRead:
    report = await visible_report(session, staff, report_id)
    return await service.report_read(session, report)


@router.get("/{report_id}/timeline", response_model=list[EventRead])
async def report_timeline(
    report_id: int, session: SessionDep, staff: Reader
) -> list[EventRead]:
    report = await visible_report(session, staff, report_id)
    return await service.report_timeline(session, report)


@router.post("/{report_id}/deliveries", response_model=ReportRead)
async def deliver_report(
    report_id: int,
    body: DeliveryConfirmation,
    session: SessionDep,
    staff: CurrentStaff,
) -> ReportRead:
    """The report reached the client (in person or by phone)."""
    report = await visible_report(session, staff, report_id, for_update=True)
    await service.deliver_report(session, report, staff, body, now=datetime.now(UTC))
    return await service.report_read(session, report)


@router.post("/{report_id}/feedback", response_model=ReportRead)
async def report_feedback(
    report_id: int, body: FeedbackCreate, session: SessionDep, staff: CurrentStaff
) -> ReportRead:
    """The client's rating (1 to 5) and comment on a delivered report, once."""
    report = await visible_report(session, staff, report_id, for_update=True)
    await service.record_feedback(session, report, staff, body, now=datetime.now(UTC))
    return await service.report_read(session, report)
