"""The roles a member of staff can hold; one person may hold several."""

import enum


class Role(enum.StrEnum):
    CLIENT_MANAGER = "client_manager"
    ANALYST = "analyst"
    CALLBACK_AGENT = "callback_agent"
    HOTLINE_AGENT = "hotline_agent"
    BROKER = "broker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


# Roles that may see a client's full name, phone, ID and account number.
# Everyone else sees them masked (shared.masking).
PERSONAL_DATA_ROLES = frozenset(
    {
        Role.CLIENT_MANAGER,
        Role.CALLBACK_AGENT,
        Role.HOTLINE_AGENT,
        Role.BROKER,
        Role.SUPERVISOR,
    }
)
