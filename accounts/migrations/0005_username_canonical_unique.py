import django.db.models.functions.text
from django.db import migrations, models

from accounts.usernames import canonical_username


class CanonicalDuplicates(Exception):
    """Accounts that one canonical name would merge: a person decides, never a migration."""


def canonical_duplicates(names):
    """{canonical: [usernames]} for every canonical form that more than one username shares."""
    groups = {}
    for name in names:
        groups.setdefault(canonical_username(name), []).append(name)
    return {canonical: sorted(found) for canonical, found in groups.items() if len(found) > 1}


def refuse_canonical_duplicates(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    names = User.objects.using(schema_editor.connection.alias).values_list("username", flat=True)
    duplicates = canonical_duplicates(names)
    if duplicates:
        listing = "\n".join(
            f"  {canonical!r}: {', '.join(repr(name) for name in names)}"
            for canonical, names in sorted(duplicates.items())
        )
        raise CanonicalDuplicates(
            "These usernames differ only in case or Unicode form, so they would be one account. "
            "Rename or remove all but one of each group, then migrate again:\n" + listing
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_username_canonical_and_session_epoch"),
    ]

    operations = [
        migrations.RunPython(refuse_canonical_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"),
                name="accounts_user_username_canonical",
            ),
        ),
    ]
