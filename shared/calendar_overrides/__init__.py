"""Per-branch corrections of the exchange calendar, set by supervisors."""
