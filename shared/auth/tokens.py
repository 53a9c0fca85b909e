"""Short-lived JWT access tokens, signed with the key every service shares."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from shared.errors import NotAuthenticated
from shared.settings import Settings

ALGORITHM = "HS256"
AUDIENCE = "branchdesk"


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int


def issue_token(staff_id: int, branch_id: int, settings: Settings) -> IssuedToken:
    now = datetime.now(UTC)
    lifetime = timedelta(minutes=settings.access_token_minutes)
    claims = {
        "sub": str(staff_id),
        "branch": branch_id,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + lifetime,
    }
    token = jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)
    return IssuedToken(token, int(lifetime.total_seconds()))


def read_token(token: str, settings: Settings) -> int:
    """Return the staff id the token was issued to, or raise NotAuthenticated."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["sub", "exp", "aud"]},
        )
        return int(claims["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("The access token has expired; sign in again.") from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise NotAuthenticated("The access token is not valid.") from exc
