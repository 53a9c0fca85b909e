from shared.errors import Conflict, Forbidden, InvalidInput, field_error


class OwnClientCallback(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            "Callbacks are made by callback agents other than the client's own "
            "manager; another agent must call this client."
        )


class ClientAskedNotToBeCalled(Conflict):
    def __init__(self, client_id: int) -> None:
        super().__init__(
            f"Client {client_id} asked not to be called.", client_id=client_id
        )


class NotAnOffSiteClient(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "Callbacks are for off-site clients; this client trades on site.",
            [
                field_error(
                    ("body", "client_id"), "not an off-site client", "value_error"
                )
            ],
        )


class CallInTheFuture(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "A callback is recorded after it was made; called_at is in the future.",
            [field_error(("body", "called_at"), "in the future", "value_error")],
        )
