"""Apply each named mutation of the code in turn, run the test meant to catch it, restore.

A mutation that its test does not catch is a test that cannot fail. Each mutation edits one
spot, found by its exact text; if that text has moved, the mutation is reported as stale (the
list below is then updated alongside the code). Run: `make mutations` (SQLite, a few minutes).
The list and what each mutation means: docs/testing.md.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    original: str
    mutated: str
    tests: tuple[str, ...]


MUTATIONS = [
    Mutation(
        "token expiry comparison flipped",
        "accounts/tokens.py",
        "if now >= token.expires or",
        "if now < token.expires or",
        (
            "tests/accounts/test_token_authentication.py::test_a_token_past_its_absolute_expiry_gets_401",
        ),
    ),
    Mutation(
        "raw guard dropped from the user provisioning receiver",
        "accounts/receivers.py",
        "    if raw or not created:\n",
        "    if not created:\n",
        ("tests/accounts/test_provisioning.py::test_a_raw_save_provisions_nothing",),
    ),
    Mutation(
        "picture stored as uploaded, not re-encoded",
        "core/images.py",
        'ReencodedPicture(f"picture{extension}", buffer.getvalue(), content_type=content_type)',
        'ReencodedPicture(f"picture{extension}", (upload.seek(0), upload.read())[1], '
        "content_type=content_type)",
        (
            "tests/core/test_picture_uploads.py::test_a_png_with_html_appended_is_stored_re_encoded_without_it",
        ),
    ),
    Mutation(
        "receiver connected without its dispatch_uid",
        "students/receivers.py",
        "post_save.connect(create_personal_detail, sender=Student, dispatch_uid=CREATE_DETAIL_UID)",
        "post_save.connect(create_personal_detail, sender=Student)",
        ("tests/test_receivers.py::test_every_project_receiver_is_connected_with_a_dispatch_uid",),
    ),
    Mutation(
        "token cap off by one",
        "accounts/services.py",
        "[: max(cap - 1, 0)]",
        "[: max(cap, 0)]",
        ("tests/accounts/test_token_cap.py::test_logging_in_past_the_cap_drops_the_oldest_tokens",),
    ),
    Mutation(
        "audit search ignored",
        "audit/api/views.py",
        '    search_fields = ["actor_label", "object_repr", "object_id", "model"]\n',
        "",
        ("tests/audit/test_api.py::test_staff_can_search_the_trail_by_label_object_and_model",),
    ),
    Mutation(
        "a bad page size falls back to the default",
        "students/api/pagination.py",
        "        if size < 1:\n",
        "        if size < -1000:\n",
        ("tests/students/test_listing.py::test_a_bad_page_size_is_a_400_naming_it",),
    ),
]


def run(mutation: Mutation) -> str:
    path = ROOT / mutation.path
    source = path.read_text()
    if source.count(mutation.original) != 1:
        return "stale"
    path.write_text(source.replace(mutation.original, mutation.mutated))
    try:
        result = subprocess.run(  # noqa: S603 (our own interpreter and tests)
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *mutation.tests],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        path.write_text(source)
    return "caught" if result.returncode == 1 else f"SURVIVED (pytest exit {result.returncode})"


def main() -> int:
    # `mutations.py WORD` runs only the mutations whose name contains WORD.
    chosen = [m for m in MUTATIONS if all(word in m.name for word in sys.argv[1:])]
    outcomes = {mutation.name: run(mutation) for mutation in chosen}
    for mutation in chosen:
        print(f"{outcomes[mutation.name]:>8}  {mutation.name}  ({mutation.path})")
    return 0 if all(outcome == "caught" for outcome in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
