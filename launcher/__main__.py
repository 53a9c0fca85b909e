"""`python -m launcher run`: the whole system on one machine.
`python -m launcher open-branch`: a new branch and its first administrator.

With DATABASE_URL unset it starts an embedded PostgreSQL whose data lives in
.data/postgres, and loads the demo branch the first time. With DATABASE_URL
set it uses that database and loads the demo only when asked (--demo).
"""

import argparse
import asyncio
import contextlib
import getpass
import os
import signal
import time
from pathlib import Path

import structlog
import uvicorn

from launcher.bootstrap import open_branch
from launcher.demo.loader import load_demo
from launcher.embedded_postgres import start_embedded_postgres
from launcher.migrate import PROJECT_ROOT, upgrade_to_head
from shared.db import create_engine, create_sessionmaker
from shared.errors import AppError
from shared.logging import configure_logging
from shared.settings import get_settings

log = structlog.get_logger("launcher")


async def _load_demo() -> list[str]:
    settings = get_settings()
    # The services log every sheet and ticket the demo makes; thousands of
    # lines would bury the one that says the server is up.
    configure_logging(settings.model_copy(update={"log_level": "ERROR"}))
    engine = create_engine(settings)
    try:
        return await load_demo(create_sessionmaker(engine))
    finally:
        await engine.dispose()
        configure_logging(settings)


def run(args: argparse.Namespace) -> None:
    # Closing the terminal sends SIGHUP, which would end the process without
    # stopping the embedded PostgreSQL; stop the way Ctrl-C does instead.
    server: uvicorn.Server | None = None

    def on_hangup(signum: int, frame: object) -> None:
        if server is None:
            raise KeyboardInterrupt
        server.should_exit = True

    signal.signal(signal.SIGHUP, on_hangup)
    # A person reads this terminal; deployments keep the JSON default.
    os.environ.setdefault("BRANCHDESK_LOG_FORMAT", "console")
    embedded = not os.environ.get("DATABASE_URL")
    if embedded:
        data_dir = Path(args.data_dir).resolve()
        os.environ["DATABASE_URL"] = start_embedded_postgres(data_dir / "postgres")

    # The hotline reaches advisory over HTTP; here both are in this server.
    os.environ.setdefault(
        "BRANCHDESK_ADVISORY_URL", f"http://{args.host}:{args.port}/api/advisory"
    )
    settings = get_settings()
    configure_logging(settings)
    upgrade_to_head(settings.database_url)
    log.info("launcher.migrated")

    if embedded or args.demo:
        started = time.perf_counter()
        sections = asyncio.run(_load_demo())
        log.info(
            "launcher.demo_ready",
            loaded=sections,
            seconds=round(time.perf_counter() - started, 1),
        )

    # uvicorn's own line "Uvicorn running on http://..." says when it serves;
    # its access log stays off, since query strings may carry client names.
    server = uvicorn.Server(
        uvicorn.Config(
            "launcher.gateway:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            log_level="info",
            access_log=False,
        )
    )
    # uvicorn re-raises the Ctrl-C it has already handled gracefully.
    with contextlib.suppress(KeyboardInterrupt):
        server.run()


async def _open_branch(args: argparse.Namespace, password: str) -> None:
    engine = create_engine(get_settings())
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await open_branch(
                session,
                code=args.code,
                name=args.name,
                timezone=args.timezone,
                admin_username=args.admin,
                admin_name=args.admin_name,
                admin_password=password,
            )
    finally:
        await engine.dispose()


def bootstrap(args: argparse.Namespace) -> None:
    if not os.environ.get("DATABASE_URL"):
        # The same embedded database `make run` uses, running or not.
        data_dir = Path(args.data_dir).resolve()
        os.environ["DATABASE_URL"] = start_embedded_postgres(data_dir / "postgres")
        upgrade_to_head(get_settings().database_url)

    password = os.environ.get("BRANCHDESK_ADMIN_PASSWORD") or getpass.getpass(
        f"Password for {args.admin}: "
    )
    try:
        asyncio.run(_open_branch(args, password))
    except (ValueError, AppError) as exc:
        raise SystemExit(str(exc)) from exc
    print(f"Branch {args.code} is open; sign in as {args.admin}.")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m launcher")
    commands = parser.add_subparsers(dest="command", required=True)

    run_parser = commands.add_parser("run", help="serve everything on one port")
    run_parser.add_argument("--host", default="127.0.0.1")
    run_parser.add_argument("--port", type=int, default=8000)
    run_parser.add_argument(
        "--demo", action="store_true", help="load the demo branch into DATABASE_URL"
    )
    run_parser.add_argument("--data-dir", default=str(PROJECT_ROOT / ".data"))

    open_parser = commands.add_parser(
        "open-branch", help="create a branch and its first administrator"
    )
    open_parser.add_argument("--code", required=True, help="e.g. SH-PUDONG")
    open_parser.add_argument("--name", required=True, help="e.g. 上海浦东营业部")
    open_parser.add_argument("--timezone", default="Asia/Shanghai")
    open_parser.add_argument("--admin", default="admin", help="the admin's username")
    open_parser.add_argument("--admin-name", default="系统管理员")
    open_parser.add_argument("--data-dir", default=str(PROJECT_ROOT / ".data"))

    args = parser.parse_args()
    if args.command == "run":
        run(args)
    elif args.command == "open-branch":
        bootstrap(args)


if __name__ == "__main__":
    main()
