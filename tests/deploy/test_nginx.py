"""The cluster's and compose's nginx configurations pass `nginx -t`, shared limits included."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

from tests.stack import ROOT, need

NGINX_DIR = ROOT / "deploy" / "nginx"


def nginx_t(config: str, directory: Path) -> subprocess.CompletedProcess:
    binary = need(shutil.which("nginx") or "/usr/sbin/nginx", "nginx")
    (directory / "logs").mkdir(exist_ok=True)
    (directory / "nginx.conf").write_text(config)
    command = [binary, "-t", "-p", str(directory), "-c", "nginx.conf", "-e", "error.log"]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def test_the_cluster_configuration_passes_nginx_t_with_the_password_limit(tmp_path):
    # deploy/ is not a package: the script is loaded from its file, as deploy/cluster runs it.
    spec = importlib.util.spec_from_file_location("render", NGINX_DIR / "render.py")
    assert spec is not None and spec.loader is not None
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    config = render.render(
        run_dir=str(tmp_path),
        temp_dir=str(tmp_path),
        port=8999,
        upstream_servers="        server 127.0.0.1:8998;",
    )

    checked = nginx_t(config, tmp_path)

    assert checked.returncode == 0, checked.stderr
    assert "password_checks.conf" in config and "limit_req zone=password_checks" in config


def test_the_compose_configuration_passes_nginx_t_with_the_password_limit(tmp_path):
    # compose mounts password_checks.conf at /etc/nginx/; here it is read where it lies.
    config = (
        (NGINX_DIR / "compose.conf")
        .read_text()
        .replace("/etc/nginx/password_checks.conf", str(NGINX_DIR / "password_checks.conf"))
        .replace("listen 8080;", "listen 127.0.0.1:8999;")
    )

    checked = nginx_t(config, tmp_path)

    assert checked.returncode == 0, checked.stderr
    assert "limit_req zone=password_checks" in config
