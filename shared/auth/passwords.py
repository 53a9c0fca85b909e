"""argon2id password hashes, computed in a worker thread.

Hashing takes tens of milliseconds of CPU by design; on the event loop it
would stall every other request of the process for that long.
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.concurrency import run_in_threadpool

_hasher = PasswordHasher()

# Verified against when the username is unknown, so that a wrong username and
# a wrong password take the same time and cannot be told apart.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password_sync(password: str) -> str:
    return _hasher.hash(password)


async def hash_password(password: str) -> str:
    return await run_in_threadpool(_hasher.hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        await run_in_threadpool(_verify, _DUMMY_HASH, password)
        return False

    return await run_in_threadpool(_verify, password_hash, password)
