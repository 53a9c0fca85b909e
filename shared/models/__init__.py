"""The one shared schema. Core tables are here; each service's own tables are
in a module named after it (visits, advisory, hotline) in this package, so
Alembic sees one metadata and no service imports another to read a table."""

# The services' own tables, imported so that they join the one metadata.
from shared.models import advisory, hotline, visits
from shared.models.audit import AuditEntry
from shared.models.base import Base, BranchScoped, Timestamped
from shared.models.clients import Client, ClientSegment, ClientTier, RiskLevel
from shared.models.holdings import Holding
from shared.models.org import Branch, Room, RoomKind, Staff
from shared.models.quotas import QuotaPolicy
from shared.models.reference import CalendarOverride, Listing
from shared.models.system import DemoSection, JobRun

__all__ = [
    "AuditEntry",
    "Base",
    "Branch",
    "BranchScoped",
    "CalendarOverride",
    "Client",
    "ClientSegment",
    "ClientTier",
    "DemoSection",
    "Holding",
    "JobRun",
    "Listing",
    "QuotaPolicy",
    "RiskLevel",
    "Room",
    "RoomKind",
    "Staff",
    "Timestamped",
    "advisory",
    "hotline",
    "visits",
]
