"""Masking of a client's personal data for roles that do not need it."""

from shared.models.org import Staff
from shared.roles import PERSONAL_DATA_ROLES


def may_see_personal_data(staff: Staff) -> bool:
    return staff.has_role(*PERSONAL_DATA_ROLES)


def mask_phone(phone: str) -> str:
    """138****5678: the operator prefix and last four digits stay readable."""
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(id_number: str) -> str:
    if len(id_number) < 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def mask_account(account_no: str) -> str:
    if len(account_no) < 4:
        return "*" * len(account_no)
    return "*" * (len(account_no) - 4) + account_no[-4:]


def mask_name(full_name: str) -> str:
    """王*明: the family name and the last character stay readable."""
    if len(full_name) <= 1:
        return full_name
    if len(full_name) == 2:
        return full_name[0] + "*"
    return full_name[0] + "*" * (len(full_name) - 2) + full_name[-1]
