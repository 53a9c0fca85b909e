from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from services.advisory.queue import service
from services.advisory.sheets.schemas import SheetRead, SheetSummary
from services.advisory.sheets.service import etag, load_sheet, sheet_read, summaries
from shared.auth.dependencies import CurrentStaff, require_roles
from shared.db import SessionDep
from shared.models.org import Staff
from shared.roles import Role

router = APIRouter(prefix="/queue", tags=["queue"])

QueueReader = Annotated[Staff, Depends(require_roles(Role.ANALYST, Role.SUPERVISOR))]


@router.get("", response_model=list[SheetSummary])
async def list_queue(
    session: SessionDep,
    staff: QueueReader,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[SheetSummary]:
    """Submitted sheets waiting for an analyst: high-end clients first, then by
    due time."""
    sheets = await service.pending(session, staff, limit, offset)
    return await summaries(session, sheets, staff)


@router.post(
    "/claim",
    response_model=SheetRead,
    responses={204: {"description": "The queue is empty."}},
)
async def claim(
    response: Response, session: SessionDep, staff: CurrentStaff
) -> SheetRead | Response:
    """Take the next sheet of the queue. Atomic: however many analysts claim at
    once, each sheet goes to one of them. The claim holds for the branch's
    lease; unanswered by then, the sheet returns to the queue. Only analysts
    with an adviser qualification number may claim (403 otherwise)."""
    sheet = await service.claim_next(session, staff, now=datetime.now(UTC))
    if sheet is None:
        return Response(status_code=204)
    response.headers["ETag"] = etag(sheet)
    return await sheet_read(session, sheet, staff)


@router.post("/{sheet_id}/release", response_model=SheetRead)
async def release(
    sheet_id: int, response: Response, session: SessionDep, staff: CurrentStaff
) -> SheetRead:
    """Give a claimed sheet back to the queue unanswered."""
    sheet = await load_sheet(session, sheet_id, staff, for_update=True)
    await service.release(session, sheet, staff, now=datetime.now(UTC))
    response.headers["ETag"] = etag(sheet)
    return await sheet_read(session, sheet, staff)
