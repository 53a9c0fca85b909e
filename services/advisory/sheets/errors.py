from shared.errors import (
    Conflict,
    Forbidden,
    PreconditionFailed,
    PreconditionRequired,
)
from shared.models.advisory import SheetStatus


class IllegalTransition(Conflict):
    slug = "illegal-transition"
    title = "Illegal transition"

    def __init__(self, sheet_id: int, action: str, status: SheetStatus) -> None:
        super().__init__(
            f"Sheet {sheet_id} is {status.value}: it cannot be {action} now.",
            sheet_id=sheet_id,
            action=action,
            current_status=status.value,
        )


class SheetChangedSinceRead(PreconditionFailed):
    slug = "sheet-changed"
    title = "Sheet changed since you read it"

    def __init__(self, sheet_id: int, etag: str) -> None:
        super().__init__(
            f"Sheet {sheet_id} was changed by someone else; reload it and retry.",
            current_etag=etag,
        )


class IfMatchRequired(PreconditionRequired):
    slug = "if-match-required"
    title = "If-Match required"


class SheetClaimedByAnother(Conflict):
    slug = "sheet-claimed-by-another"
    title = "Sheet claimed by another analyst"


class NotQualifiedAdviser(Forbidden):
    slug = "not-qualified-adviser"
    title = "No adviser qualification"


class NotPartyToSheet(Forbidden):
    slug = "not-party-to-sheet"
    title = "Not a party to this sheet"


class IdempotencyKeyReused(Conflict):
    slug = "idempotency-key-reused"
    title = "Idempotency key reused"


class FeedbackAlreadyRecorded(Conflict):
    slug = "feedback-already-recorded"
    title = "Feedback already recorded"


class DeliveryAlreadyConfirmed(Conflict):
    slug = "delivery-already-confirmed"
    title = "Delivery already confirmed"
