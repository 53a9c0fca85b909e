"""The Alembic history matches the models and runs both ways."""

from concurrent.futures import ThreadPoolExecutor

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from launcher.migrate import PROJECT_ROOT
from tests.database import database_copy


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["url"] = url
    config.attributes["configure_logging"] = False
    return config


def in_thread(function, *args) -> None:
    # env.py runs its own event loop; keep it off the tests' loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(function, *args).result()


def test_the_history_has_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config(""))

    assert len(script.get_heads()) == 1


def test_the_migrated_schema_matches_the_models(
    database_server: str, template_database: str
) -> None:
    with database_copy(database_server, template_database) as url:
        in_thread(command.check, alembic_config(url))


def test_every_migration_downgrades_and_upgrades_again(
    database_server: str, template_database: str
) -> None:
    with database_copy(database_server, template_database) as url:
        config = alembic_config(url)
        in_thread(command.downgrade, config, "base")
        in_thread(command.upgrade, config, "heads")
        in_thread(command.check, config)
