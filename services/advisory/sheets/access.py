"""Who may see a consultation sheet or an analysis report: the one place the
rule lives.

Advice is personal financial information. Every read and every action of the
advisory service finds its sheet or report through the filters below, so a
record the caller may not see answers 404, exactly as one of another branch
does, and lists simply leave it out. The role and status rules of each action
apply on top: you cannot act on what you cannot see.

A sheet is seen by
- supervisors;
- the client's manager and broker (`clients.manager_id`, `clients.broker_id`),
  and the manager the sheet names to deliver it (`sheets.manager_id`, who may
  differ once the client changes hands);
- the analyst holding the claim, and the analyst who answered;
- every qualified analyst while the sheet waits in the queue (submitted and
  unclaimed), since they need its question and holdings to pick it up;
- its author. A client manager who writes a sheet is its manager and sees
  everything. A hotline agent who handed a ticket over only follows it: see
  `sees_advice`.

A report is seen by supervisors, the client's manager and broker, and the
analyst who wrote it.
"""

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from services.advisory.sheets.schemas import (
    EventRead,
    SheetRead,
    SheetSummary,
)
from shared.errors import NotFound
from shared.models.advisory import AnalysisReport, Sheet, SheetStatus
from shared.models.clients import Client
from shared.models.org import Staff
from shared.roles import Role

# What an author who is no party to the advice does not see: the analyst's
# answer, the flag it raised and the client's rating of it.
ADVICE_FIELDS = (
    "overall_suggestion",
    "overall_analysis",
    "risk_disclosure",
    "research_publisher",
    "research_date",
    "advice_risk_level",
    "risk_flag",
    "feedback_score",
    "feedback_comment",
)
HOLDING_ADVICE_FIELDS = ("analysis", "suggestion", "suggestion_note")
# Timeline steps whose note repeats the advice: the risk flag, the rating.
ADVICE_NOTES = frozenset({"answered", "feedback_recorded"})


def is_qualified_analyst(staff: Staff) -> bool:
    return staff.has_role(Role.ANALYST) and bool(staff.adviser_qualification_no)


def _clients_of(staff: Staff) -> Select[int]:
    return select(Client.id).where(
        or_(Client.manager_id == staff.id, Client.broker_id == staff.id)
    )


def sees_advice(staff: Staff) -> ColumnElement[bool]:
    """Sheets whose advice `staff` may read: those they may see for any reason
    but having written them.

    A hotline agent who handed a ticket over needs to know where the hand-off
    stands (status, due and delivery times, timeline) and keeps the question
    and holdings they took down on the phone, but is not one of the people the
    advice is for: its answer, risk flag and feedback are withheld from them.
    """
    if staff.has_role(Role.SUPERVISOR):
        return true()

    parties = [
        Sheet.client_id.in_(_clients_of(staff)),
        Sheet.manager_id == staff.id,
        Sheet.claimed_by_id == staff.id,
        Sheet.answered_by_id == staff.id,
    ]
    if is_qualified_analyst(staff):
        # A release or an expired lease clears the claim as it returns the
        # sheet to `submitted`, so this status alone means "in the queue".
        parties.append(Sheet.status == SheetStatus.SUBMITTED)
    return or_(*parties)


def visible_to(staff: Staff) -> ColumnElement[bool]:
    """The sheets `staff` may see, as a condition for any query of sheets."""
    return or_(sees_advice(staff), Sheet.created_by_id == staff.id)


async def visible_sheet(
    session: AsyncSession, staff: Staff, sheet_id: int, *, for_update: bool = False
) -> Sheet:
    """The sheet, or 404 if `staff` may not see it.

    `for_update` is for every action that changes the sheet: it takes the
    sheet's row lock (FOR UPDATE) until the request's transaction ends, so
    concurrent steps on one sheet run one after the other and each sees the
    status and version the one before it left (a second answer is then a 409,
    a second confirmation finds the first).
    """
    query = select(Sheet).where(Sheet.id == sheet_id, visible_to(staff))
    if for_update:
        query = query.with_for_update(of=Sheet).execution_options(
            populate_existing=True
        )
    sheet = await session.scalar(query)
    if sheet is None:
        raise NotFound(f"Sheet {sheet_id} was not found.")
    return sheet


async def advice_readable(
    session: AsyncSession, staff: Staff, sheet_ids: Iterable[int]
) -> set[int]:
    """Of `sheet_ids`, those whose advice `staff` may read."""
    ids = set(sheet_ids)
    if not ids:
        return ids
    rows = await session.scalars(
        select(Sheet.id).where(Sheet.id.in_(ids), sees_advice(staff))
    )
    return set(rows)


def withhold_summary(summary: SheetSummary) -> SheetSummary:
    return summary.model_copy(update={"risk_flag": None})


def withhold_advice(read: SheetRead) -> SheetRead:
    holdings = [
        line.model_copy(update=dict.fromkeys(HOLDING_ADVICE_FIELDS))
        for line in read.holdings
    ]
    return read.model_copy(
        update={**dict.fromkeys(ADVICE_FIELDS), "holdings": holdings}
    )


def withhold_notes(events: Sequence[EventRead]) -> list[EventRead]:
    return [
        event.model_copy(update={"note": None}) if event.kind in ADVICE_NOTES else event
        for event in events
    ]


def report_visible_to(staff: Staff) -> ColumnElement[bool]:
    """The reports `staff` may see, as a condition for any query of reports."""
    if staff.has_role(Role.SUPERVISOR):
        return true()
    return or_(
        AnalysisReport.analyst_id == staff.id,
        AnalysisReport.client_id.in_(_clients_of(staff)),
    )


async def visible_report(
    session: AsyncSession, staff: Staff, report_id: int, *, for_update: bool = False
) -> AnalysisReport:
    """The report, or 404; `for_update` locks it as `visible_sheet` does."""
    query = select(AnalysisReport).where(
        AnalysisReport.id == report_id, report_visible_to(staff)
    )
    if for_update:
        query = query.with_for_update(of=AnalysisReport).execution_options(
            populate_existing=True
        )
    report = await session.scalar(query)
    if report is None:
        raise NotFound(f"Report {report_id} was not found.")
    return report
