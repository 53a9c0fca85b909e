"""The outbound call to the advisory service's `POST /sheets`.

The transport is injectable (app.state.advisory_transport) so tests can put
respx or the advisory app itself behind it. The default transport retries a
failed connection twice; anything else that goes wrong is reported back as an
`Answer` for the outbox to decide on.
"""

from dataclasses import dataclass

import httpx
import structlog

from shared.auth.tokens import issue_token
from shared.settings import Settings

log = structlog.get_logger(__name__)

TIMEOUT = httpx.Timeout(5.0, connect=2.0)
CONNECT_RETRIES = 2


@dataclass(frozen=True)
class Answer:
    sheet_id: int | None
    error: str | None
    # Worth trying again later: advisory was down, slow or failing, not refusing.
    transient: bool


class AdvisoryClient:
    def __init__(
        self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self.transport = transport

    async def create_sheet(
        self,
        payload: dict[str, object],
        idempotency_key: str,
        staff_id: int,
        branch_id: int,
    ) -> Answer:
        # The sheet is asked for as the agent who requested the hand-off, with
        # a token minted for this call; every service shares the signing key.
        token = issue_token(staff_id, branch_id, self.settings).access_token
        transport = self.transport or httpx.AsyncHTTPTransport(retries=CONNECT_RETRIES)
        headers = {
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": idempotency_key,
        }
        async with httpx.AsyncClient(
            base_url=self.settings.advisory_url, transport=transport, timeout=TIMEOUT
        ) as client:
            try:
                response = await client.post("/sheets", json=payload, headers=headers)
            except httpx.TimeoutException:
                log.warning("handoff.advisory_timeout")
                return Answer(None, "advisory did not answer in time", True)
            except httpx.TransportError as exc:
                log.warning("handoff.advisory_unreachable", error=type(exc).__name__)
                return Answer(
                    None, f"advisory unreachable ({type(exc).__name__})", True
                )

        return _read(response)


def _read(response: httpx.Response) -> Answer:
    status = response.status_code
    if status in (200, 201):
        try:
            sheet_id = int(response.json()["id"])
        except (ValueError, KeyError, TypeError):
            log.warning("handoff.advisory_unexpected_body", status=status)
            return Answer(None, "advisory answered without a sheet id", True)
        return Answer(sheet_id, None, False)

    detail = _detail(response)
    log.warning("handoff.advisory_refused", status=status)
    transient = status >= 500 or status in (408, 429)
    return Answer(None, f"advisory answered {status}: {detail}"[:500], transient)


def _detail(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", ""))
    except ValueError:
        return response.reason_phrase
