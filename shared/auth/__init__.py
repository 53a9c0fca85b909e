"""Staff login, access tokens, the current staff member and role checks."""
