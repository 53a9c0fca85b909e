from datetime import datetime

from shared.models.hotline import HotlineLine
from shared.schemas import Schema


class LineAgentUpdate(Schema):
    on_duty: bool


class LineAgentRead(Schema):
    staff_id: int
    line: HotlineLine
    on_duty: bool
    last_assigned_at: datetime | None
