from shared.errors import InvalidInput, field_error


class HoursOutOfOrder(InvalidInput):
    def __init__(self, field: str) -> None:
        super().__init__(
            "Business hours must run morning open < morning close <= afternoon "
            "open < afternoon close.",
            [field_error(("body", field), "out of order", "value_error")],
        )


class ResolutionBeforeFirstResponse(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "The resolution limit must not be shorter than the first-response limit.",
            [
                field_error(
                    ("body", "resolution_minutes"),
                    "must be >= first_response_minutes",
                    "value_error",
                )
            ],
        )
