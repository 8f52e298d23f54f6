"""With AWS_STORAGE_BUCKET_NAME set, pictures go to S3 (django-storages), tested against moto's
S3-compatible server on a local port (CLUSTER_TEST_S3_SERVER_PORT, 8480)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.cluster.conftest import Cluster, started_cluster
from tests.cluster.test_shared_state import picture_through_every_instance
from tests.stack import port, postgres, redis_server, request, wait_until

pytestmark = pytest.mark.cluster

BUCKET = "registrar-media"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_S3_REGION_NAME": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    pytest.importorskip("moto.server")
    endpoint = f"http://127.0.0.1:{port('CLUSTER_TEST_S3_SERVER_PORT', 8480)}"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", endpoint.rsplit(":", 1)[1]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _answers(endpoint), timeout=60, what="moto's S3 server")
        s3_client(endpoint).create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=CREDENTIALS["AWS_S3_REGION_NAME"],
    )


def _answers(endpoint: str) -> bool:
    try:
        return request("GET", endpoint, timeout=1).status < 500
    except OSError:
        return False


@pytest.fixture(scope="module")
def s3_cluster(s3_endpoint) -> Iterator[Cluster]:
    with (
        postgres(port("CLUSTER_TEST_S3_PG_PORT", 5452)) as db,
        redis_server(port("CLUSTER_TEST_S3_REDIS_PORT", 6452)) as cache,
        started_cluster(
            nginx_port=port("CLUSTER_TEST_S3_PORT", 8470),
            size=2,
            database_url=db.url,
            redis_url=cache.url,
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=s3_endpoint,
            **CREDENTIALS,
        ) as running,
    ):
        yield running


def test_with_a_bucket_a_picture_uploaded_through_one_instance_is_served_by_every_other(
    s3_cluster, s3_endpoint
):
    picture_through_every_instance(s3_cluster)

    listed = s3_client(s3_endpoint).list_objects_v2(Bucket=BUCKET)
    assert [item["Key"] for item in listed.get("Contents", [])], "nothing reached the bucket"
    assert not any(s3_cluster.media_root.rglob("*.png")), "the picture went to local disk"
