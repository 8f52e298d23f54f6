"""Write nginx.conf for one run from cluster.conf.template: `make cluster` and the benchmarks.

python deploy/nginx/render.py RUN_DIR TEMP_DIR PORT UPSTREAM_SERVERS
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def render(*, run_dir: str, temp_dir: str, port: int | str, upstream_servers: str) -> str:
    """The template with this run's directories, port and `server host:port;` lines filled in."""
    return (
        (HERE / "cluster.conf.template")
        .read_text()
        .replace("@RUN_DIR@", run_dir)
        .replace("@CONF_DIR@", str(HERE))
        .replace("@TEMP_DIR@", temp_dir)
        .replace("@PORT@", str(port))
        .replace("@UPSTREAM_SERVERS@", upstream_servers.rstrip("\n"))
    )


if __name__ == "__main__":
    run_dir, temp_dir, port, upstream = sys.argv[1:]
    config = render(run_dir=run_dir, temp_dir=temp_dir, port=port, upstream_servers=upstream)
    Path(run_dir, "nginx.conf").write_text(config)
