"""The rules of a consultation sheet, from the manager's draft to the client's
feedback. Every change goes through the status machine in `workflow`."""

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime

import structlog
from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.policies.service import branch_calendar, branch_policy, due_time
from services.advisory.sheets import access
from services.advisory.sheets.errors import (
    DeliveryAlreadyConfirmed,
    FeedbackAlreadyRecorded,
    IdempotencyKeyReused,
    IfMatchRequired,
    NotPartyToSheet,
    NotQualifiedAdviser,
    SheetChangedSinceRead,
    SheetClaimedByAnother,
)
from services.advisory.sheets.schemas import (
    CancelRequest,
    DeliveryConfirmation,
    EventRead,
    FeedbackCreate,
    HoldingLine,
    SheetAnswer,
    SheetCreate,
    SheetHoldingRead,
    SheetRead,
    SheetSummary,
    SheetUpdate,
)
from services.advisory.sheets.workflow import Action, apply, ensure_allowed
from shared.errors import Forbidden, InvalidInput, NotFound, field_error
from shared.masking import mask_name, may_see_personal_data
from shared.models.advisory import (
    AdvisoryEvent,
    Sheet,
    SheetHolding,
    SheetStatus,
    Suggestion,
)
from shared.models.clients import Client, ClientTier, RiskLevel
from shared.models.org import Staff
from shared.models.reference import Listing
from shared.roles import Role
from shared.scoping import get_or_404

log = structlog.get_logger(__name__)

# The risk a listing carries by its board: ChiNext and STAR stocks swing
# harder and need a client of at least C4 (the exchanges' suitability rules).
BOARD_RISK = {"main": 3, "chinext": 4, "star": 4}
DEFAULT_BOARD_RISK = 3


def etag(sheet: Sheet) -> str:
    return f'"{sheet.id}.{sheet.version}"'


def check_if_match(sheet: Sheet, if_match: str | None, *, required: bool) -> None:
    """412 when the caller read an older version of the sheet; 428 when an
    edit comes without saying which version it was made on."""
    if if_match is None:
        if required:
            raise IfMatchRequired(
                "Send the sheet's ETag in If-Match so that a concurrent change "
                "is not overwritten."
            )
        return

    tags = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in tags and etag(sheet) not in tags:
        raise SheetChangedSinceRead(sheet.id, etag(sheet))


def sheet_query(
    viewer: Staff,
    *,
    status: SheetStatus | None = None,
    client_id: int | None = None,
    source_ticket_id: int | None = None,
    risk_flagged: bool = False,
    mine: bool = False,
) -> Select[Sheet]:
    """The sheets `viewer` may see matching the filters, newest first."""
    query = select(Sheet).where(access.visible_to(viewer)).order_by(Sheet.id.desc())
    if status is not None:
        query = query.where(Sheet.status == status)
    if client_id is not None:
        query = query.where(Sheet.client_id == client_id)
    if source_ticket_id is not None:
        query = query.where(Sheet.source_ticket_id == source_ticket_id)
    if risk_flagged:
        # Only where the viewer reads the advice: the filter would otherwise
        # tell a mere author which answers were flagged.
        query = query.where(Sheet.risk_flag.is_not(None), access.sees_advice(viewer))
    if mine:
        query = query.where(
            (Sheet.created_by_id == viewer.id)
            | (Sheet.manager_id == viewer.id)
            | (Sheet.claimed_by_id == viewer.id)
            | (Sheet.answered_by_id == viewer.id)
        )
    return query


async def load_sheet(
    session: AsyncSession, sheet_id: int, viewer: Staff, *, for_update: bool = False
) -> Sheet:
    """The sheet for any read or action of `viewer`; 404 if they may not see it.
    Every action passes `for_update`, which holds the sheet's row lock until
    the request commits (see `access.visible_sheet`)."""
    return await access.visible_sheet(session, viewer, sheet_id, for_update=for_update)


async def load_holdings(session: AsyncSession, sheet_id: int) -> list[SheetHolding]:
    rows = await session.scalars(
        select(SheetHolding)
        .where(SheetHolding.sheet_id == sheet_id)
        .order_by(SheetHolding.position)
    )
    return list(rows)


async def _client_names(
    session: AsyncSession, client_ids: set[int], viewer: Staff
) -> dict[int, str]:
    clients = await session.scalars(select(Client).where(Client.id.in_(client_ids)))
    show = may_see_personal_data(viewer)
    return {c.id: c.full_name if show else mask_name(c.full_name) for c in clients}


def _fields(sheet: Sheet, schema: type[SheetSummary]) -> dict[str, object]:
    return {
        name: getattr(sheet, name)
        for name in schema.model_fields
        if name not in ("holdings", "client_name")
    }


async def summaries(
    session: AsyncSession, sheets: Sequence[Sheet], viewer: Staff
) -> list[SheetSummary]:
    names = await _client_names(session, {s.client_id for s in sheets}, viewer)
    readable = await access.advice_readable(session, viewer, (s.id for s in sheets))
    items = []
    for sheet in sheets:
        summary = SheetSummary.model_validate(
            {
                **_fields(sheet, SheetSummary),
                "client_name": names.get(sheet.client_id, ""),
            }
        )
        items.append(
            summary if sheet.id in readable else access.withhold_summary(summary)
        )
    return items


async def sheet_read(session: AsyncSession, sheet: Sheet, viewer: Staff) -> SheetRead:
    holdings = await load_holdings(session, sheet.id)
    names = await _client_names(session, {sheet.client_id}, viewer)
    read = SheetRead.model_validate(
        {
            **_fields(sheet, SheetRead),
            "client_name": names.get(sheet.client_id, ""),
            "holdings": [SheetHoldingRead.model_validate(h) for h in holdings],
        }
    )
    if sheet.id in await access.advice_readable(session, viewer, [sheet.id]):
        return read
    return access.withhold_advice(read)


async def event_reads(
    session: AsyncSession, events: Sequence[AdvisoryEvent]
) -> list[EventRead]:
    """Timeline steps with the names of the staff who took them."""
    ids = {event.actor_id for event in events if event.actor_id is not None}
    staff = await session.scalars(select(Staff).where(Staff.id.in_(ids)))
    names = {person.id: person.full_name for person in staff}
    return [
        EventRead.model_validate(
            {
                **{
                    name: getattr(event, name)
                    for name in EventRead.model_fields
                    if name != "actor_name"
                },
                "actor_name": names.get(event.actor_id or -1),
            }
        )
        for event in events
    ]


async def timeline(
    session: AsyncSession, sheet: Sheet, viewer: Staff
) -> list[EventRead]:
    rows = await session.scalars(
        select(AdvisoryEvent)
        .where(AdvisoryEvent.sheet_id == sheet.id)
        .order_by(AdvisoryEvent.occurred_at, AdvisoryEvent.id)
    )
    events = await event_reads(session, list(rows))
    if sheet.id in await access.advice_readable(session, viewer, [sheet.id]):
        return events
    return access.withhold_notes(events)


def _record(session: AsyncSession, event: AdvisoryEvent) -> None:
    session.add(event)
    log.info(
        "sheet." + event.kind,
        sheet_id=event.sheet_id,
        status=event.to_status,
        actor_id=event.actor_id,
    )


async def _listings(
    session: AsyncSession, lines: Sequence[HoldingLine], where: str
) -> dict[str, Listing]:
    """The listing of every line's code; 422 naming each unknown row."""
    codes = {line.code for line in lines}
    found = {
        listing.code: listing
        for listing in await session.scalars(
            select(Listing).where(Listing.code.in_(codes))
        )
    }
    errors = [
        field_error(
            ("body", where, index, "code"),
            f"{line.code} is not a listed A-share",
            "unknown_listing",
        )
        for index, line in enumerate(lines)
        if line.code not in found
    ]
    if errors:
        raise InvalidInput("Some holdings have unknown stock codes.", errors)
    return found


def _add_holdings(
    session: AsyncSession,
    sheet: Sheet,
    lines: Sequence[HoldingLine],
    listings: dict[str, Listing],
) -> None:
    for position, line in enumerate(lines):
        session.add(
            SheetHolding(
                branch_id=sheet.branch_id,
                sheet_id=sheet.id,
                position=position,
                code=line.code,
                name=line.name or listings[line.code].name,
                quantity=line.quantity,
                cost_price=line.cost_price,
            )
        )


async def _edit_holdings(
    session: AsyncSession, sheet: Sheet, lines: Sequence[HoldingLine]
) -> bool:
    """Replace the sheet's holdings lines with `lines`; False, touching
    nothing, when they are the lines it already has."""
    listings = await _listings(session, lines, "holdings")
    old = await load_holdings(session, sheet.id)
    before = [(h.code, h.name, h.quantity, h.cost_price) for h in old]
    after = [
        (
            line.code,
            line.name or listings[line.code].name,
            line.quantity,
            line.cost_price,
        )
        for line in lines
    ]
    if before == after:
        return False

    for holding in old:
        await session.delete(holding)
    await session.flush()
    _add_holdings(session, sheet, lines, listings)
    return True


def _client_risk_level(client: Client, stated: RiskLevel | None) -> RiskLevel:
    """The level a sheet is measured against: the client's, as it stands now.
    A request may repeat it but not state another (422 naming `risk_level`)."""
    if stated is not None and stated != client.risk_level:
        raise InvalidInput(
            "A sheet carries the client's own risk level.",
            [
                field_error(
                    ("body", "risk_level"),
                    f"the client's risk level is {client.risk_level.value}, "
                    f"not {stated.value}",
                    "risk_level_mismatch",
                )
            ],
        )
    return client.risk_level


async def _client_for_new_sheet(
    session: AsyncSession, staff: Staff, client_id: int
) -> Client:
    """The client a new sheet is for, if `staff` may write one for them.

    A hotline agent handing a ticket over may write for any client of the
    branch; a client manager only for the clients they manage
    (`clients.manager_id`). Anyone else's client answers 404, as it would if
    it did not exist: advisory treats every record the caller may not act on
    that way (see `access`).
    """
    client = await get_or_404(session, Client, client_id, "Client")
    if staff.has_role(Role.HOTLINE_AGENT) or client.manager_id == staff.id:
        return client
    raise NotFound(f"Client {client_id} was not found.")


def _ensure_may_link_ticket(staff: Staff, body: SheetCreate) -> None:
    """Only a hotline agent's hand-off names the ticket a sheet comes from."""
    if body.source_ticket_id is not None and not staff.has_role(Role.HOTLINE_AGENT):
        raise InvalidInput(
            "Only a hotline agent handing a ticket over links a sheet to it.",
            [
                field_error(
                    ("body", "source_ticket_id"),
                    "is set only by a hotline agent's hand-off",
                    "not_a_handoff",
                )
            ],
        )


def _may_edit(staff: Staff, sheet: Sheet) -> bool:
    return staff.id == sheet.created_by_id or staff.has_role(Role.CLIENT_MANAGER)


def _ensure_may_edit(staff: Staff, sheet: Sheet) -> None:
    if not _may_edit(staff, sheet):
        raise NotPartyToSheet(
            "Only the sheet's author or a client manager may change it."
        )


def ensure_qualified(staff: Staff) -> None:
    if not staff.has_role(Role.ANALYST):
        raise Forbidden("This needs the role: analyst.")
    if not staff.adviser_qualification_no:
        raise NotQualifiedAdviser(
            "Only an analyst with an adviser qualification number may claim or "
            "answer sheets."
        )


def _fingerprint(body: SheetCreate) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _replay(
    session: AsyncSession, staff: Staff, key: str, fingerprint: str
) -> Sheet | None:
    sheet = await session.scalar(
        select(Sheet).where(
            Sheet.created_by_id == staff.id, Sheet.idempotency_key == key
        )
    )
    if sheet is not None and sheet.idempotency_fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used for a different sheet; use a new key.",
            sheet_id=sheet.id,
        )
    return sheet


async def create_sheet(
    session: AsyncSession,
    staff: Staff,
    body: SheetCreate,
    *,
    now: datetime,
    idempotency_key: str | None = None,
) -> tuple[Sheet, bool]:
    """A new sheet, or the one an earlier request with the same key made.

    The client must be one `staff` may write for (`_client_for_new_sheet`,
    404 otherwise); only a hotline agent may set `source_ticket_id` (422
    otherwise); the sheet carries the client's current risk level. Returns
    the sheet and whether it was created by this call.
    """
    fingerprint = _fingerprint(body)
    if idempotency_key is not None:
        earlier = await _replay(session, staff, idempotency_key, fingerprint)
        if earlier is not None:
            log.info("sheet.create_replayed", sheet_id=earlier.id)
            return earlier, False

    _ensure_may_link_ticket(staff, body)
    client = await _client_for_new_sheet(session, staff, body.client_id)
    risk_level = _client_risk_level(client, body.risk_level)
    listings = await _listings(session, body.holdings, "holdings")
    sheet = Sheet(
        branch_id=staff.branch_id,
        client_id=client.id,
        status=SheetStatus.DRAFT,
        version=1,
        question=body.question,
        risk_level=risk_level,
        is_high_end=client.tier == ClientTier.HIGH_END,
        created_by_id=staff.id,
        manager_id=client.manager_id,
        source_ticket_id=body.source_ticket_id,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=fingerprint if idempotency_key else None,
        created_at=now,
    )
    if idempotency_key is None:
        session.add(sheet)
        await session.flush()
    else:
        try:
            # A savepoint, so that a concurrent retry with the same key that
            # wins the race leaves this transaction usable to fetch its sheet.
            async with session.begin_nested():
                session.add(sheet)
                await session.flush()
        except IntegrityError:
            earlier = await _replay(session, staff, idempotency_key, fingerprint)
            if earlier is None:
                raise
            return earlier, False

    _add_holdings(session, sheet, body.holdings, listings)
    session.add(
        AdvisoryEvent(
            branch_id=sheet.branch_id,
            sheet_id=sheet.id,
            occurred_at=now,
            actor_id=staff.id,
            kind="created",
            to_status=SheetStatus.DRAFT.value,
        )
    )
    log.info("sheet.created", sheet_id=sheet.id, holdings=len(body.holdings))
    if body.submit:
        await submit_sheet(session, sheet, staff, now=now, client=client)
    await session.flush()
    return sheet, True


async def update_sheet(
    session: AsyncSession,
    sheet: Sheet,
    staff: Staff,
    body: SheetUpdate,
    *,
    now: datetime,
) -> Sheet:
    """Edit a draft or a waiting sheet. An edit also brings the risk level to
    the client's current one (a different stated level is a 422). An edit that
    changes nothing, `{}` included, is no step: no timeline entry, the same
    version."""
    _ensure_may_edit(staff, sheet)
    ensure_allowed(sheet, Action.EDIT)
    if not body.model_fields_set:
        log.info("sheet.edit_empty", sheet_id=sheet.id)
        return sheet

    client = await get_or_404(session, Client, sheet.client_id, "Client")
    risk_level = _client_risk_level(client, body.risk_level)
    changed = risk_level != sheet.risk_level
    sheet.risk_level = risk_level
    if body.question is not None and body.question != sheet.question:
        sheet.question = body.question
        changed = True
    if body.holdings is not None:
        changed = await _edit_holdings(session, sheet, body.holdings) or changed
    if not changed:
        log.info("sheet.edit_unchanged", sheet_id=sheet.id)
        return sheet

    _record(session, apply(sheet, Action.EDIT, actor_id=staff.id, now=now))
    await session.flush()
    return sheet


async def submit_sheet(
    session: AsyncSession,
    sheet: Sheet,
    staff: Staff,
    *,
    now: datetime,
    client: Client | None = None,
) -> Sheet:
    _ensure_may_edit(staff, sheet)
    ensure_allowed(sheet, Action.SUBMIT)
    if client is None:
        client = await get_or_404(session, Client, sheet.client_id, "Client")
    policy = await branch_policy(session, sheet.branch_id)
    calendar = await branch_calendar(session, sheet.branch_id)
    # Tier and risk level as they stand when the analysts get the sheet.
    sheet.is_high_end = client.tier == ClientTier.HIGH_END
    sheet.risk_level = client.risk_level
    sheet.submitted_at = now
    sheet.due_at = due_time(calendar, policy, now, high_end=sheet.is_high_end)
    _record(session, apply(sheet, Action.SUBMIT, actor_id=staff.id, now=now))
    await session.flush()
    return sheet


async def cancel_sheet(
    session: AsyncSession,
    sheet: Sheet,
    staff: Staff,
    body: CancelRequest,
    *,
    now: datetime,
) -> Sheet:
    if not (_may_edit(staff, sheet) or staff.has_role(Role.SUPERVISOR)):
        raise NotPartyToSheet(
            "Only the sheet's author, a client manager or a supervisor may cancel it."
        )
    event = apply(sheet, Action.CANCEL, actor_id=staff.id, now=now, note=body.reason)
    sheet.cancelled_at = now
    sheet.cancel_reason = body.reason
    sheet.lease_expires_at = None
    _record(session, event)
    await session.flush()
    return sheet


def _risk_findings(
    sheet: Sheet,
    holdings: Sequence[SheetHolding],
    listings: dict[str, Listing],
    body: SheetAnswer,
) -> list[str]:
    """Why the advice would take the client above their risk level, if it would."""
    limit = sheet.risk_level.rank
    findings = []
    if body.advice_risk_level is not None and body.advice_risk_level.rank > limit:
        findings.append(
            f"advice rated {body.advice_risk_level.value} for a "
            f"{sheet.risk_level.value} client"
        )

    suggested = {answer.holding_id: answer.suggestion for answer in body.holdings}
    for holding in holdings:
        if suggested.get(holding.id) != Suggestion.ADD:
            continue
        listing = listings.get(holding.code)
        board_risk = BOARD_RISK.get(
            listing.board if listing else "", DEFAULT_BOARD_RISK
        )
        if board_risk > limit:
            findings.append(
                f"add {holding.code} (C{board_risk} board) for a "
                f"{sheet.risk_level.value} client"
            )
    return findings


async def answer_sheet(
    session: AsyncSession,
    sheet: Sheet,
    staff: Staff,
    body: SheetAnswer,
    *,
    now: datetime,
) -> Sheet:
    ensure_qualified(staff)
    ensure_allowed(sheet, Action.ANSWER)
    if sheet.claimed_by_id != staff.id:
        raise SheetClaimedByAnother(
            f"Sheet {sheet.id} is claimed by another analyst.", sheet_id=sheet.id
        )

    holdings = await load_holdings(session, sheet.id)
    by_id = {holding.id: holding for holding in holdings}
    errors = []
    seen: set[int] = set()
    for index, answer in enumerate(body.holdings):
        loc = ("body", "holdings", index, "holding_id")
        if answer.holding_id not in by_id:
            errors.append(
                field_error(
                    loc, "is not a holdings line of this sheet", "unknown_holding"
                )
            )
        elif answer.holding_id in seen:
            errors.append(
                field_error(
                    loc, "this holdings line is answered twice", "duplicate_holding"
                )
            )
        seen.add(answer.holding_id)
    answered = {answer.holding_id for answer in body.holdings}
    missing = [holding.code for holding in holdings if holding.id not in answered]
    if missing:
        errors.append(
            field_error(
                ("body", "holdings"),
                "every holdings line needs an answer; missing: " + ", ".join(missing),
                "missing_answer",
            )
        )
    if errors:
        raise InvalidInput("The answer does not match the sheet's holdings.", errors)

    for answer in body.holdings:
        holding = by_id[answer.holding_id]
        holding.analysis = answer.analysis
        holding.suggestion = answer.suggestion
        holding.suggestion_note = answer.note

    listings = {
        listing.code: listing
        for listing in await session.scalars(
            select(Listing).where(Listing.code.in_({h.code for h in holdings}))
        )
    }
    findings = _risk_findings(sheet, holdings, listings, body)
    policy = await branch_policy(session, sheet.branch_id)
    sheet.overall_suggestion = body.overall_suggestion
    sheet.overall_analysis = body.overall_analysis
    sheet.risk_disclosure = body.risk_disclosure
    sheet.research_publisher = body.research_publisher
    sheet.research_date = body.research_date
    sheet.advice_risk_level = body.advice_risk_level
    sheet.risk_flag = "; ".join(findings) or None
    sheet.answered_by_id = staff.id
    sheet.answered_at = now
    sheet.lease_expires_at = None
    # Advice reaches clients while the branch trades: the limit runs in
    # trading hours, so an answer on Friday afternoon is due on Monday.
    calendar = await branch_calendar(session, sheet.branch_id)
    sheet.deliver_by = calendar.add_trading_hours(now, policy.undelivered_limit_hours)
    _record(
        session,
        apply(sheet, Action.ANSWER, actor_id=staff.id, now=now, note=sheet.risk_flag),
    )
    if findings:
        log.warning("sheet.risk_flagged", sheet_id=sheet.id, findings=len(findings))
    await session.flush()
    return sheet


async def confirm_delivery(
    session: AsyncSession,
    sheet: Sheet,
    staff: Staff,
    body: DeliveryConfirmation,
    *,
    now: datetime,
) -> Sheet:
    """The manager's or the analyst's word that the advice reached the client;
    the sheet is delivered once both have given it."""
    ensure_allowed(sheet, Action.CONFIRM_DELIVERY)
    is_analyst = staff.id == sheet.answered_by_id
    is_manager = staff.id == sheet.manager_id or (
        sheet.manager_id is None and staff.has_role(Role.CLIENT_MANAGER)
    )
    if not (is_analyst or is_manager):
        raise NotPartyToSheet(
            "Only the sheet's client manager and its analyst confirm delivery."
        )

    sides = []
    if is_manager and sheet.manager_confirmed_at is None:
        sheet.manager_id = staff.id
        sheet.manager_confirmed_at = now
        sheet.manager_channel = body.channel
        sides.append("manager")
    if is_analyst and sheet.analyst_confirmed_at is None:
        sheet.analyst_confirmed_at = now
        sheet.analyst_channel = body.channel
        sides.append("analyst")
    if not sides:
        raise DeliveryAlreadyConfirmed(
            f"Sheet {sheet.id}: you confirmed its delivery already.",
            sheet_id=sheet.id,
        )

    side = "+".join(sides)
    _record(
        session,
        apply(
            sheet,
            Action.CONFIRM_DELIVERY,
            actor_id=staff.id,
            now=now,
            note=f"{side}:{body.channel.value}",
        ),
    )
    if sheet.manager_confirmed_at and sheet.analyst_confirmed_at:
        sheet.delivered_at = now
        _record(session, apply(sheet, Action.DELIVER, actor_id=staff.id, now=now))
    await session.flush()
    return sheet


async def record_feedback(
    session: AsyncSession,
    sheet: Sheet,
    staff: Staff,
    body: FeedbackCreate,
    *,
    now: datetime,
) -> Sheet:
    if staff.id not in (sheet.manager_id, sheet.answered_by_id):
        raise NotPartyToSheet(
            "Only the sheet's client manager or analyst records the feedback."
        )
    ensure_allowed(sheet, Action.FEEDBACK)
    if sheet.feedback_score is not None:
        raise FeedbackAlreadyRecorded(
            f"Sheet {sheet.id} already has the client's feedback."
        )

    sheet.feedback_score = body.score
    sheet.feedback_comment = body.comment
    _record(
        session,
        apply(sheet, Action.FEEDBACK, actor_id=staff.id, now=now, note=str(body.score)),
    )
    await session.flush()
    return sheet


def _late(now: datetime) -> ColumnElement[bool]:
    return or_(
        Sheet.status.in_((SheetStatus.SUBMITTED, SheetStatus.CLAIMED))
        & (Sheet.due_at < now),
        Sheet.answered_at > Sheet.due_at,
    )


async def attention(
    session: AsyncSession, staff: Staff, *, now: datetime, limit: int = 100
) -> tuple[list[Sheet], list[Sheet]]:
    """What the other side has left undone: late answers for managers,
    undelivered answers for analysts, both for supervisors."""
    supervisor = staff.has_role(Role.SUPERVISOR)
    late: list[Sheet] = []
    undelivered: list[Sheet] = []
    visible = access.visible_to(staff)
    if supervisor or staff.has_role(Role.CLIENT_MANAGER):
        query = select(Sheet).where(
            visible, _late(now), Sheet.status != SheetStatus.CANCELLED
        )
        if not supervisor:
            query = query.where(Sheet.manager_id == staff.id)
        late = list(await session.scalars(query.order_by(Sheet.due_at).limit(limit)))

    if supervisor or staff.has_role(Role.ANALYST):
        query = select(Sheet).where(
            visible, Sheet.status == SheetStatus.ANSWERED, Sheet.deliver_by < now
        )
        if not supervisor:
            query = query.where(Sheet.answered_by_id == staff.id)
        undelivered = list(
            await session.scalars(query.order_by(Sheet.deliver_by).limit(limit))
        )
    return late, undelivered
