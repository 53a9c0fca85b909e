"""Handing an investment ticket to the analysts as a consultation sheet.

The request is written to an outbox row first and tried once at once; if
advisory is down, slow or failing, the row stays pending and the retry job
tries again with growing pauses. Every try carries the same Idempotency-Key,
derived from the ticket, so however many tries reach advisory it makes one
sheet. When the sheet's id comes back the ticket and the sheet are linked:
ticket.sheet_id here, source_ticket_id there. A refusal (409, other 4xx) is
not retried: it needs a person, and the ticket shows it as failed.

The request is checked first as advisory will check it (the schema's limits,
codes in the listings), so a typo is a 422 here rather than a refusal later.
A refused hand-off may be sent again with a corrected body: a new outbox row
with a new key (advisory bound the old key to the refused body), the refused
rows kept beside it. While one is pending or sent, another is a 409.
"""

from datetime import datetime, timedelta

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.hotline.handoff.client import AdvisoryClient
from services.hotline.handoff.errors import (
    HandoffAlreadyRequested,
    HandoffNeedsClient,
    NotAnInvestmentTicket,
    UnknownListings,
)
from services.hotline.handoff.schemas import HandoffCreate, HoldingLine
from services.hotline.tickets.errors import TicketFinished
from services.hotline.tickets.service import OPEN
from shared.errors import field_error
from shared.models.hotline import (
    Handoff,
    HandoffStatus,
    HotlineLine,
    Ticket,
    TicketEvent,
)
from shared.models.org import Staff
from shared.models.reference import Listing

log = structlog.get_logger(__name__)

FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=1)


def idempotency_key(ticket: Ticket, number: int = 1) -> str:
    """The key of the ticket's `number`th hand-off. Derived from the ticket
    rather than random, so even a retry after this service lost its own outbox
    row would name the same sheet; the first keeps the key hand-offs always had."""
    suffix = "" if number == 1 else f"-{number}"
    return f"hotline-ticket-{ticket.id}-handoff{suffix}"


async def check_listings(session: AsyncSession, holdings: list[HoldingLine]) -> None:
    """422 naming each holdings row whose code is not a listed A-share."""
    codes = {line.code for line in holdings}
    if not codes:
        return

    listed = set(
        await session.scalars(select(Listing.code).where(Listing.code.in_(codes)))
    )
    errors = [
        field_error(
            ("body", "holdings", index, "code"),
            f"{line.code} is not a listed A-share",
            "unknown_listing",
        )
        for index, line in enumerate(holdings)
        if line.code not in listed
    ]
    if errors:
        raise UnknownListings(errors)


async def request_handoff(
    session: AsyncSession,
    ticket: Ticket,
    staff: Staff,
    body: HandoffCreate,
    now: datetime,
    advisory: AdvisoryClient,
) -> Handoff:
    if ticket.line != HotlineLine.INVESTMENT:
        raise NotAnInvestmentTicket()
    if ticket.caller_client_id is None:
        raise HandoffNeedsClient()
    if ticket.status not in OPEN:
        raise TicketFinished(ticket.id)
    earlier = list(
        await session.scalars(
            select(Handoff.status).where(Handoff.ticket_id == ticket.id)
        )
    )
    if any(status != HandoffStatus.FAILED for status in earlier):
        raise HandoffAlreadyRequested(ticket.id)
    await check_listings(session, body.holdings)

    # Two agents resending at once compute the same number: the unique key
    # (and the one-live-hand-off index) keep the second out as a 409.
    number = len(earlier) + 1
    handoff = Handoff(
        branch_id=ticket.branch_id,
        ticket_id=ticket.id,
        requested_by_id=staff.id,
        idempotency_key=idempotency_key(ticket, number),
        payload={
            "client_id": ticket.caller_client_id,
            "question": body.question,
            "risk_level": body.risk_level.value if body.risk_level else None,
            "holdings": [line.model_dump(mode="json") for line in body.holdings],
            "source_ticket_id": ticket.id,
            "submit": True,
        },
        status=HandoffStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
    )
    kind = "handoff_requested" if number == 1 else "handoff_resent"
    session.add(handoff)
    session.add(_timeline(ticket, kind, now, staff.id, ""))
    await session.flush()
    log.info(
        "handoff.requested", handoff_id=handoff.id, ticket_id=ticket.id, number=number
    )
    await attempt_handoff(session, handoff, ticket, now, advisory)
    return handoff


def _timeline(
    ticket: Ticket, kind: str, now: datetime, actor_id: int | None, note: str
) -> TicketEvent:
    return TicketEvent(
        branch_id=ticket.branch_id,
        ticket_id=ticket.id,
        at=now,
        kind=kind,
        actor_id=actor_id,
        note=note,
    )


def _pause(attempts: int) -> timedelta:
    return min(FIRST_PAUSE * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


async def attempt_handoff(
    session: AsyncSession,
    handoff: Handoff,
    ticket: Ticket,
    now: datetime,
    advisory: AdvisoryClient,
) -> None:
    handoff.attempts += 1
    answer = await advisory.create_sheet(
        handoff.payload,
        handoff.idempotency_key,
        handoff.requested_by_id,
        handoff.branch_id,
    )
    if answer.sheet_id is not None:
        handoff.status = HandoffStatus.SENT
        handoff.sheet_id = answer.sheet_id
        handoff.sent_at = now
        handoff.next_attempt_at = None
        handoff.last_error = None
        ticket.sheet_id = answer.sheet_id
        session.add(
            _timeline(ticket, "handoff_linked", now, None, f"sheet:{answer.sheet_id}")
        )
        log.info(
            "handoff.sent",
            handoff_id=handoff.id,
            sheet_id=answer.sheet_id,
            attempts=handoff.attempts,
        )
    elif answer.transient:
        handoff.last_error = answer.error
        handoff.next_attempt_at = now + _pause(handoff.attempts)
        log.info("handoff.pending", handoff_id=handoff.id, attempts=handoff.attempts)
    else:
        handoff.status = HandoffStatus.FAILED
        handoff.last_error = answer.error
        handoff.next_attempt_at = None
        session.add(_timeline(ticket, "handoff_failed", now, None, answer.error or ""))
        log.warning("handoff.failed", handoff_id=handoff.id, attempts=handoff.attempts)
    await session.flush()


async def retry_pending_handoffs(
    session: AsyncSession, now: datetime, advisory: AdvisoryClient
) -> int:
    """Try every pending hand-off that is due; how many were tried."""
    due = await session.scalars(
        select(Handoff)
        .where(Handoff.status == HandoffStatus.PENDING, Handoff.next_attempt_at <= now)
        .order_by(Handoff.next_attempt_at, Handoff.id)
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    handoffs = list(due)
    for handoff in handoffs:
        ticket = await session.get(Ticket, handoff.ticket_id)
        assert ticket is not None
        await attempt_handoff(session, handoff, ticket, now, advisory)
    return len(handoffs)
