from shared.errors import Forbidden, InvalidInput, NotFound, field_error


class NotAHotlineAgent(InvalidInput):
    def __init__(self, loc: tuple[str, ...]) -> None:
        super().__init__(
            "Only an active hotline agent of the branch can serve a line.",
            [field_error(loc, "not an active hotline agent", "value_error")],
        )


class NotOnLine(NotFound):
    def __init__(self, staff_id: int, line: str) -> None:
        super().__init__(f"Staff {staff_id} is not an agent of the {line} line.")


class OnlyOwnDuty(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            "An agent may go on or off duty themselves; other changes need a "
            "supervisor."
        )
