from typing import Any

from shared.errors import Conflict, InvalidInput


class ImportRefused(InvalidInput):
    """A file with any bad row is refused whole; `errors` names each row."""

    slug = "import-refused"
    title = "Import refused"

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        rows = sorted({error["loc"][2] for error in errors if len(error["loc"]) > 2})
        listed = ", ".join(str(row) for row in rows[:20])
        super().__init__(
            f"Nothing was imported: {len(rows)} bad row(s) ({listed}).", errors
        )


class ImportCollided(Conflict):
    slug = "import-collided"
    title = "Import collided"
