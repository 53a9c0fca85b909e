"""Every setting a Branchdesk process reads, from the environment, in one place."""

from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# A fixed key is fine for the demo database on a laptop and wrong anywhere else:
# docker-compose refuses to start without BRANCHDESK_SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "branchdesk-development-key-not-for-production-use"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BRANCHDESK_", extra="ignore")

    database_url: str = Field(
        default="",
        validation_alias=AliasChoices("DATABASE_URL", "BRANCHDESK_DATABASE_URL"),
    )
    secret_key: str = DEVELOPMENT_SECRET_KEY
    access_token_minutes: int = Field(default=30, ge=1, le=24 * 60)
    log_format: Literal["json", "console"] = "json"
    log_level: str = "INFO"
    root_path: str = ""
    scheduler_enabled: bool = True
    advisory_url: str = "http://127.0.0.1:8000/api/advisory"
    db_pool_size: int = Field(default=10, ge=1)

    @field_validator("database_url")
    @classmethod
    def use_asyncpg(cls, url: str) -> str:
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+asyncpg://" + url.removeprefix(prefix)
        return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
