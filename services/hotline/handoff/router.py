"""Handing an investment ticket to the analysts."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from services.hotline.handoff.client import AdvisoryClient
from services.hotline.handoff.schemas import HandoffCreate, HandoffRead
from services.hotline.handoff.service import request_handoff
from shared.auth.dependencies import require_roles
from shared.db import SessionDep
from shared.models.hotline import Ticket
from shared.models.org import Staff
from shared.roles import Role
from shared.scoping import get_or_404

router = APIRouter(tags=["handoff"])

HotlineAgent = Annotated[Staff, Depends(require_roles(Role.HOTLINE_AGENT))]


def advisory_client(request: Request) -> AdvisoryClient:
    state = request.app.state
    return AdvisoryClient(state.settings, getattr(state, "advisory_transport", None))


@router.post(
    "/tickets/{ticket_id}/handoff", response_model=HandoffRead, status_code=202
)
async def hand_off(
    ticket_id: int,
    body: HandoffCreate,
    session: SessionDep,
    agent: HotlineAgent,
    advisory: Annotated[AdvisoryClient, Depends(advisory_client)],
) -> HandoffRead:
    """Ask advisory for a consultation sheet for this ticket's client. Answers
    `sent` with the sheet id, or `pending` while advisory cannot be reached:
    the request is kept and retried until it is."""
    ticket = await get_or_404(session, Ticket, ticket_id, "Ticket")
    handoff = await request_handoff(
        session, ticket, agent, body, datetime.now(UTC), advisory
    )
    return HandoffRead.model_validate(handoff)
