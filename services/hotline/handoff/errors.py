from typing import Any

from shared.errors import Conflict, InvalidInput


class NotAnInvestmentTicket(Conflict):
    def __init__(self) -> None:
        super().__init__("Only investment-line tickets are handed to analysts.")


class HandoffNeedsClient(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "A consultation sheet is for a known client: set the ticket's caller "
            "to a client first."
        )


class HandoffAlreadyRequested(Conflict):
    def __init__(self, ticket_id: int) -> None:
        super().__init__(
            f"Ticket {ticket_id} has already been handed to advisory; only a "
            "hand-off advisory refused may be sent again."
        )


class UnknownListings(InvalidInput):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("Some holdings have unknown stock codes.", errors)
