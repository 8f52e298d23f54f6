"""Several instances behind nginx behave as one site: tokens, sessions, revocations, throttles,
registrations and pictures are shared through one PostgreSQL, one Redis and one media store."""

from __future__ import annotations

import itertools
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.cluster.browser import Browser
from tests.cluster.conftest import Cluster
from tests.images import image_bytes
from tests.stack import Answer, manage, register, request

pytestmark = pytest.mark.cluster

PASSWORD = "cluster horse battery staple"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def secure(base: str, token: str) -> int:
    return request("GET", f"{base}/api/secure/", headers=auth(token)).status


def login(base: str, username: str, password: str = PASSWORD, name: str = "") -> Answer:
    body = {"username": username, "password": password} | ({"name": name} if name else {})
    return request("POST", f"{base}/api/auth/login/", json_body=body)


def warmed(cluster: Cluster, token: str) -> None:
    """Every instance has just authenticated the token, so any cache of it is warm."""
    assert [secure(base, token) for base in cluster.instances] == [200] * len(cluster.instances)


def test_the_cluster_answers_through_nginx_with_every_instance_ready(cluster):
    assert request("GET", f"{cluster.url}/readyz").status == 200
    for base in cluster.instances:
        assert request("GET", f"{base}/readyz").json()["status"] == "ok"
    docs = request("GET", f"{cluster.url}/api/docs/")
    assert docs.status == 200
    assert b"swagger-ui" in docs.body


def test_a_token_minted_through_one_instance_authenticates_through_every_other(cluster):
    first, *others = cluster.instances
    token = register(first, unique("minted"), PASSWORD)

    assert [secure(base, token) for base in others] == [200] * len(others)
    assert secure(cluster.url, token) == 200


def test_a_session_login_through_one_instance_works_through_another(cluster):
    first, second, *_ = cluster.instances
    username = unique("session")
    register(first, username, PASSWORD)
    browser = Browser()

    logged_in = browser.submit(
        f"{first}/api-auth/login/?next=/api/auth/me/", {"username": username, "password": PASSWORD}
    )

    assert logged_in.status == 200
    me = browser.open(f"{second}/api/auth/me/")
    assert me.status == 200
    assert me.json()["username"] == username


def _revoke_by_logout(cluster: Cluster, base: str, username: str, token: str) -> None:
    assert request("POST", f"{base}/api/auth/logout/", headers=auth(token)).status == 204


def _revoke_by_logout_all(cluster: Cluster, base: str, username: str, token: str) -> None:
    other = login(base, username).json()["token"]
    assert request("POST", f"{base}/api/auth/logout-all/", headers=auth(other)).status == 204


def _revoke_by_token_deletion(cluster: Cluster, base: str, username: str, token: str) -> None:
    other = login(base, username).json()["token"]
    tokens = request("GET", f"{base}/api/auth/tokens/", headers=auth(other)).json()
    (target,) = [t for t in tokens if token.startswith(t["prefix"]) and not t["current"]]
    deleted = request("DELETE", f"{base}/api/auth/tokens/{target['id']}/", headers=auth(other))
    assert deleted.status == 204


def _revoke_by_password_change(cluster: Cluster, base: str, username: str, token: str) -> None:
    other = login(base, username).json()["token"]
    changed = request(
        "POST",
        f"{base}/api/auth/password/",
        headers=auth(other),
        json_body={"current_password": PASSWORD, "new_password": PASSWORD + " renewed"},
    )
    assert changed.status == 204, changed.body


def _revoke_by_deactivation(cluster: Cluster, base: str, username: str, token: str) -> None:
    user_id = request("GET", f"{base}/api/auth/me/", headers=auth(token)).json()["id"]
    staff = Browser()
    staff.submit(
        f"{base}/admin/login/?next=/admin/",
        {"username": cluster.env["STAFF_USERNAME"], "password": PASSWORD},
    )
    saved = staff.submit(
        f"{base}/admin/accounts/user/{user_id}/change/", {"is_active": None, "_save": "Save"}
    )
    assert saved.status == 200
    assert b"was changed successfully" in saved.body, saved.body[-2000:]


@pytest.fixture(scope="module")
def staff_user(cluster) -> str:
    username = "cluster-admin"
    manage(
        cluster.env | {"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        "createsuperuser",
        "--noinput",
        "--username",
        username,
        "--email",
        "admin@example.org",
    )
    cluster.env["STAFF_USERNAME"] = username
    return username


@pytest.mark.parametrize(
    "revoke",
    [
        _revoke_by_logout,
        _revoke_by_logout_all,
        _revoke_by_token_deletion,
        _revoke_by_password_change,
        _revoke_by_deactivation,
    ],
    ids=["logout", "logout-all", "token-deletion", "password-change", "deactivation"],
)
def test_a_revocation_through_one_instance_is_a_401_through_every_other_at_once(
    cluster, staff_user, revoke
):
    first, *others = cluster.instances
    username = unique("revoked")
    token = register(first, username, PASSWORD)
    warmed(cluster, token)

    revoke(cluster, first, username, token)

    assert [secure(base, token) for base in others] == [401] * len(others)
    assert secure(cluster.url, token) == 401


def test_throttle_counters_are_shared_so_24_failed_logins_over_the_instances_let_5_through(
    cluster,
):
    # A username of its own: the login throttle counts per client address and per username.
    username = unique("throttled")
    register(cluster.instances[0], username, PASSWORD)
    targets = itertools.islice(itertools.cycle([*cluster.instances, cluster.url]), 24)

    statuses = [login(base, username, "a wrong password").status for base in targets]

    assert set(statuses) <= {400, 429}, statuses
    assert len([s for s in statuses if s != 429]) <= 5, statuses


def test_20_concurrent_registrations_of_one_username_over_the_instances_give_one_201(cluster):
    username = unique("race")
    targets = list(itertools.islice(itertools.cycle(cluster.instances), 20))

    def attempt(base: str) -> int:
        return request(
            "POST",
            f"{base}/api/auth/register/",
            json_body={"username": username, "password": PASSWORD},
        ).status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(attempt, targets))

    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {201, 400}, statuses


def upload_picture(base: str, token: str, picture: bytes) -> Answer:
    boundary = uuid.uuid4().hex
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="pic"; filename="portrait.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + picture
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return request(
        "PATCH",
        f"{base}/api/auth/me/personal-detail/",
        data=body,
        headers=auth(token) | {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )


def picture_through_every_instance(cluster: Cluster) -> None:
    """Upload through the first instance; every other names the picture and serves its bytes."""
    first, *others = cluster.instances
    token = register(first, unique("picture"), PASSWORD)

    uploaded = upload_picture(first, token, image_bytes("PNG", (48, 32)))

    assert uploaded.status == 200, uploaded.body
    stored = request("GET", uploaded.json()["pic"])
    assert stored.status == 200
    assert stored.headers["content-type"] == "image/png"
    for base in others:
        url = request("GET", f"{base}/api/auth/me/personal-detail/", headers=auth(token)).json()[
            "pic"
        ]
        served = request("GET", url)
        assert served.status == 200, url
        assert served.body == stored.body


def test_a_picture_uploaded_through_one_instance_is_served_by_every_other(cluster):
    picture_through_every_instance(cluster)
    assert any(cluster.media_root.rglob("*.png"))
