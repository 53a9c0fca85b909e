from shared.errors import Conflict, InvalidInput, field_error


class CallerMissing(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "Name the caller: a client, or the number an unknown caller rang from.",
            [
                field_error(
                    ("body", "caller_client_id"), "client or phone needed", "missing"
                )
            ],
        )


class TransitionNotAllowed(Conflict):
    def __init__(self, current: str, wanted: str) -> None:
        super().__init__(
            f"A {current} ticket cannot move to {wanted}.",
            current_status=current,
            wanted_status=wanted,
        )


class TicketNotAssigned(Conflict):
    def __init__(self) -> None:
        super().__init__("Assign the ticket to an agent before working on it.")


class TicketFinished(Conflict):
    def __init__(self, ticket_id: int) -> None:
        super().__init__(f"Ticket {ticket_id} is resolved or closed.")


class AgentNotOnLine(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "Tickets go to agents of the ticket's line.",
            [
                field_error(
                    ("body", "agent_id"), "not an agent of this line", "value_error"
                )
            ],
        )


class EscalationAlreadyAcknowledged(Conflict):
    def __init__(self, escalation_id: int) -> None:
        super().__init__(f"Escalation {escalation_id} was already acknowledged.")
