"""Consultation sheets over HTTP.

Versions: every response carrying one sheet sends its `ETag`. An edit
(`PATCH`) must send it back in `If-Match` (428 without it, 412 when the sheet
changed since); the workflow actions (submit, cancel, answer, deliveries,
feedback) accept `If-Match` too and answer 412 on a stale one, but do not
require it, because the status machine already refuses a step that no longer
fits (409 with the sheet's `current_status`).

Concurrency: every action loads its sheet with the row lock held to the end
of the request (`load_sheet(..., for_update=True)`), so simultaneous steps on
one sheet run in turn and each sees what the one before it did.
"""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from services.advisory.sheets import service
from services.advisory.sheets.schemas import (
    AttentionRead,
    CancelRequest,
    DeliveryConfirmation,
    EventRead,
    FeedbackCreate,
    SheetAnswer,
    SheetCreate,
    SheetRead,
    SheetSummary,
    SheetUpdate,
)
from shared.auth.dependencies import CurrentStaff, require_roles
from shared.db import SessionDep
from shared.directory.service import count_and_fetch
from shared.models.advisory import Sheet, SheetStatus
from shared.models.org import Staff
from shared.roles import Role
from shared.schemas import Page

router = APIRouter(prefix="/sheets", tags=["sheets"])

# Advice is personal financial information: the client's manager, the
# analysts, the broker and supervisors see it, and the hotline agents who
# hand tickets over follow their sheets. These roles open the door; which
# sheets each person sees is decided in `sheets/access.py`.
Reader = Annotated[
    Staff,
    Depends(
        require_roles(
            Role.CLIENT_MANAGER,
            Role.ANALYST,
            Role.BROKER,
            Role.SUPERVISOR,
            Role.HOTLINE_AGENT,
        )
    ),
]
Author = Annotated[
    Staff, Depends(require_roles(Role.CLIENT_MANAGER, Role.HOTLINE_AGENT))
]
IfMatch = Annotated[
    str | None,
    Header(description="The ETag of the sheet as you read it."),
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=200,
        description="Makes a retried create safe: the same key by the same "
        "caller returns the sheet already made.",
    ),
]


def _now() -> datetime:
    return datetime.now(UTC)


async def _respond(
    session: SessionDep, sheet: Sheet, response: Response, viewer: Staff
) -> SheetRead:
    response.headers["ETag"] = service.etag(sheet)
    return await service.sheet_read(session, sheet, viewer)


@router.post("", response_model=SheetRead, status_code=201)
async def create_sheet(
    body: SheetCreate,
    response: Response,
    session: SessionDep,
    staff: Author,
    idempotency_key: IdempotencyKey = None,
) -> SheetRead:
    """Create a sheet for a client: a client manager for the clients they
    manage (another's client answers 404, as if it did not exist), a hotline
    agent handing over an investment ticket for any client of the branch.

    Body: `client_id`; `question`; `risk_level` C1..C5 (optional: the sheet
    takes the client's current level, and a different one is a 422 at
    `["body", "risk_level"]`); `holdings`: `[{code, name?, quantity,
    cost_price}]`, possibly empty, each code a listed six-digit A-share (an
    unknown code is a 422 at `["body", "holdings", i, "code"]`);
    `source_ticket_id` (int or null; set only by a hotline agent, a 422 from
    anyone else); `submit`: true sends it to the analysts at once and sets
    `due_at`, false keeps a draft.

    Answers 201 with the sheet (`id`, `status`, `source_ticket_id`, `due_at`,
    ...) and its `ETag`. With an `Idempotency-Key` header, a retry by the same
    caller with the same key and body answers 200 with the sheet already
    created; the same key with a different body answers 409.
    """
    sheet, created = await service.create_sheet(
        session, staff, body, now=_now(), idempotency_key=idempotency_key
    )
    if not created:
        response.status_code = 200
    return await _respond(session, sheet, response, staff)


@router.get("", response_model=Page[SheetSummary])
async def list_sheets(
    session: SessionDep,
    staff: Reader,
    status: SheetStatus | None = None,
    client_id: int | None = None,
    mine: Annotated[
        bool, Query(description="Only sheets I wrote, manage, claimed or answered.")
    ] = False,
    risk_flagged: Annotated[
        bool, Query(description="Only answers flagged above the client's risk level.")
    ] = False,
    source_ticket_id: int | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[SheetSummary]:
    """The sheets you may see, newest first: yours as author, manager, broker
    or analyst, the queue's if you are a qualified analyst, all for a
    supervisor."""
    query = service.sheet_query(
        staff,
        status=status,
        client_id=client_id,
        source_ticket_id=source_ticket_id,
        risk_flagged=risk_flagged,
        mine=mine,
    )
    total, sheets = await count_and_fetch(session, query, limit, offset)
    items = await service.summaries(session, sheets, staff)
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/attention", response_model=AttentionRead)
async def attention(session: SessionDep, staff: Reader) -> AttentionRead:
    """Mutual supervision: a manager's sheets the analysts answered late or not
    yet past their due time, and an analyst's answers not delivered within the
    branch's limit; supervisors see both for the whole branch."""
    late, undelivered = await service.attention(session, staff, now=_now())
    return AttentionRead(
        late=await service.summaries(session, late, staff),
        undelivered=await service.summaries(session, undelivered, staff),
    )


@router.get("/{sheet_id}", response_model=SheetRead)
async def read_sheet(
    sheet_id: int, response: Response, session: SessionDep, staff: Reader
) -> SheetRead:
    """One sheet with its holdings lines and answer (includes
    `source_ticket_id`); its `ETag` is the version to send in `If-Match`.
    A sheet you may not see answers 404, here and for every action on it."""
    sheet = await service.load_sheet(session, sheet_id, staff)
    return await _respond(session, sheet, response, staff)


@router.get("/{sheet_id}/timeline", response_model=list[EventRead])
async def sheet_timeline(
    sheet_id: int, session: SessionDep, staff: Reader
) -> list[EventRead]:
    """Every step of the sheet: who did what, when, from which status to which."""
    sheet = await service.load_sheet(session, sheet_id, staff)
    return await service.timeline(session, sheet, staff)


@router.patch("/{sheet_id}", response_model=SheetRead)
async def update_sheet(
    sheet_id: int,
    body: SheetUpdate,
    response: Response,
    session: SessionDep,
    staff: Author,
    if_match: IfMatch = None,
) -> SheetRead:
    """Edit a draft or a submitted sheet not yet claimed. Requires `If-Match`
    (428 without it); 412 if the sheet changed since it was read; given
    `holdings` replace the old lines; the risk level becomes the client's
    current one (`risk_level`, if sent, must be it). An edit that changes
    nothing answers the sheet as it is, with no new step or version."""
    sheet = await service.load_sheet(session, sheet_id, staff, for_update=True)
    service.check_if_match(sheet, if_match, required=True)
    await service.update_sheet(session, sheet, staff, body, now=_now())
    return await _respond(session, sheet, response, staff)


@router.post("/{sheet_id}/submit", response_model=SheetRead)
async def submit_sheet(
    sheet_id: int,
    response: Response,
    session: SessionDep,
    staff: Author,
    if_match: IfMatch = None,
) -> SheetRead:
    """Send a draft to the analysts; its due time follows the branch policy."""
    sheet = await service.load_sheet(session, sheet_id, staff, for_update=True)
    service.check_if_match(sheet, if_match, required=False)
    await service.submit_sheet(session, sheet, staff, now=_now())
    return await _respond(session, sheet, response, staff)


@router.post("/{sheet_id}/cancel", response_model=SheetRead)
async def cancel_sheet(
    sheet_id: int,
    body: CancelRequest,
    response: Response,
    session: SessionDep,
    staff: CurrentStaff,
    if_match: IfMatch = None,
) -> SheetRead:
    """Cancel a sheet, with a reason, while it is not yet answered."""
    sheet = await service.load_sheet(session, sheet_id, staff, for_update=True)
    service.check_if_match(sheet, if_match, required=False)
    await service.cancel_sheet(session, sheet, staff, body, now=_now())
    return await _respond(session, sheet, response, staff)


@router.post("/{sheet_id}/answer", response_model=SheetRead)
async def answer_sheet(
    sheet_id: int,
    body: SheetAnswer,
    response: Response,
    session: SessionDep,
    staff: CurrentStaff,
    if_match: IfMatch = None,
) -> SheetRead:
    """The claiming analyst's answer: every holdings line analysed with a
    suggestion, an overall suggestion, the risk disclosure, and the cited
    research's publisher and date. Advice above the client's risk level is
    accepted and flagged (`risk_flag`) for the analyst and the supervisor."""
    sheet = await service.load_sheet(session, sheet_id, staff, for_update=True)
    service.check_if_match(sheet, if_match, required=False)
    await service.answer_sheet(session, sheet, staff, body, now=_now())
    return await _respond(session, sheet, response, staff)


@router.post("/{sheet_id}/deliveries", response_model=SheetRead)
async def confirm_delivery(
    sheet_id: int,
    body: DeliveryConfirmation,
    response: Response,
    session: SessionDep,
    staff: CurrentStaff,
    if_match: IfMatch = None,
) -> SheetRead:
    """The manager or the analyst confirms the advice reached the client (in
    person or by phone); with both confirmations the sheet is delivered. A
    side that confirmed already gets a 409."""
    sheet = await service.load_sheet(session, sheet_id, staff, for_update=True)
    service.check_if_match(sheet, if_match, required=False)
    await service.confirm_delivery(session, sheet, staff, body, now=_now())
    return await _respond(session, sheet, response, staff)


@router.post("/{sheet_id}/feedback", response_model=SheetRead)
async def record_feedback(
    sheet_id: int,
    body: FeedbackCreate,
    response: Response,
    session: SessionDep,
    staff: CurrentStaff,
    if_match: IfMatch = None,
) -> SheetRead:
    """The client's rating (1 to 5) and comment on delivered advice, once."""
    sheet = await service.load_sheet(session, sheet_id, staff, for_update=True)
    service.check_if_match(sheet, if_match, required=False)
    await service.record_feedback(session, sheet, staff, body, now=_now())
    return await _respond(session, sheet, response, staff)
