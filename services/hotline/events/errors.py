from shared.errors import InvalidInput, NotFound, field_error


class NotInvitableClients(InvalidInput):
    def __init__(self, client_ids: list[int]) -> None:
        super().__init__(
            "Off-site events are for the branch's off-site clients.",
            [
                field_error(
                    ("body", "client_ids"),
                    f"not off-site clients: {client_ids}",
                    "value_error",
                )
            ],
        )


class NotInvited(NotFound):
    def __init__(self, client_id: int) -> None:
        super().__init__(f"Client {client_id} was not invited to this event.")
