"""Command line: python -m fkp serve | migrate | demo | create-user | export.

gevent is monkey-patched here, at the process entry point, and only for `serve`.
"""
import sys

if sys.argv[1:2] == ["serve"]:
    from gevent import monkey
    monkey.patch_all()

import getpass  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402

from . import (config, create_app, demo as demo_module, forums, migrations, minutes, netaddr,  # noqa: E402
               photos, qr, users)
from . import chat_import, forum_setup  # noqa: E402
from .db import get_db  # noqa: E402
from .errors import DomainError  # noqa: E402
from .exports import evidence, registry  # noqa: E402


@click.group()
def cli():
    """fkp: run a Forum Konsultasi Publik live and export its minutes."""


def _app():
    app = create_app()
    app.app_context().push()
    migrations.migrate(get_db())
    return app


@cli.command()
def migrate():
    """Create or upgrade the database (FKP_DATABASE, default data/fkp.db)."""
    app = create_app()
    with app.app_context():
        applied = migrations.migrate(get_db())
    click.echo(f"database: {app.config['DATABASE']}")
    click.echo("applied: " + (", ".join(applied) if applied else "nothing, already up to date"))


@cli.command()
@click.option("--with-sample-input", is_flag=True, help="Also add a few sample attendees and inputs.")
def demo(with_sample_input):
    """Create the demo forum (KPU Provinsi NTB) and print its code."""
    _app()
    code = demo_module.create(get_db(), with_sample_input=with_sample_input)
    click.echo(f"demo forum: {code}")


@cli.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(users.ROLES), required=True, help="What the account may do.")
@click.option("--forum", "codes", multiple=True, metavar="CODE",
              help="Assign the account to this forum (repeatable); admins see every forum.")
def create_user(username, role, codes):
    """Create a staff account; the password comes from FKP_PASSWORD or a prompt."""
    _app()
    db = get_db()
    found = [_forum_or_fail(db, code) for code in codes]
    password = os.environ.get("FKP_PASSWORD") or getpass.getpass("Password: ")
    try:
        user_id = users.create(db, username, password, role)
    except ValueError as e:
        raise click.ClickException(str(e))
    for forum in found:
        users.assign(db, forum["id"], user_id)
    click.echo(f"created {role} {username}" + (f" for {', '.join(codes)}" if codes else ""))


@cli.command()
@click.argument("username")
@click.argument("code")
def assign(username, code):
    """Let a moderator or note-taker work on the forum CODE."""
    _app()
    db = get_db()
    forum = _forum_or_fail(db, code)
    row = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()
    if row is None:
        raise click.ClickException(f"no user {username!r}")
    users.assign(db, forum["id"], row[0])
    click.echo(f"assigned {username} to {forum['code']}")


def _forum_or_fail(db, code):
    forum = forums.get_by_code(db, code)
    if forum is None:
        raise click.ClickException(f"no forum with code {code!r}")
    return forum


# Without --document, a format keeps its first meaning.
DEFAULT_DOCUMENT = {"docx": "berita-acara", "csv": "inputs"}


@cli.command()
@click.argument("code")
@click.option("--document", type=click.Choice(["berita-acara", "notulen", "matriks", "daftar-hadir",
                                               "evidence"]),
              help="Which document (default: the Berita Acara for docx, all input for csv).")
@click.option("--format", "fmt", type=click.Choice(registry.FORMATS), required=True)
@click.option("--internal", is_flag=True, help="daftar-hadir only: the internal list, with contacts.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export(code, document, fmt, internal, output):
    """Export one of a forum's documents to a file."""
    _app()
    db = get_db()
    forum = _forum_or_fail(db, code)
    name = document or DEFAULT_DOCUMENT.get(fmt)
    if name == "daftar-hadir" and internal:
        name = "daftar-hadir-internal"
    models = minutes.models(db, forum)
    if (name, fmt) == ("evidence", "zip"):
        body = evidence.evidence_zip(models, photos.with_data(db, forum["id"]), forum["code"])
    elif (name, fmt) in registry.DOCUMENTS:
        body = registry.build(models, name, fmt)
    else:
        offered = sorted(f for n, f in registry.DOCUMENTS if n == name) or (["zip"] if name == "evidence" else [])
        raise click.ClickException(f"{document or 'a ' + fmt + ' export'} is not available as {fmt}"
                                   + (f"; choose --format {'|'.join(offered)}" if offered else
                                      "; choose a --document"))
    Path(output).write_bytes(body)
    click.echo(f"wrote {output}")


@cli.group()
def forum():
    """Save a forum's definition to a JSON file, or create a forum from one."""


@forum.command("export")
@click.argument("code")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def forum_export(code, output):
    """Write forum CODE's definition (details, services, aspects, drafts; no attendees)."""
    _app()
    spec = forum_setup.definition(get_db(), _forum_or_fail(get_db(), code))
    Path(output).write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
    click.echo(f"wrote {output}")


@forum.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def forum_import(file):
    """Create a new draft forum from a definition file and print its code."""
    _app()
    db = get_db()
    try:
        spec = forum_setup.parse_definition(Path(file).read_bytes())
    except DomainError as e:
        raise click.ClickException(e.message)
    code = forums.get(db, forum_setup.create_from_definition(db, spec, None))["code"]
    click.echo(f"created forum {code}")


@cli.command("import-chat")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_chat(code, file):
    """Turn a saved Zoom chat (the .txt it saves) into pending online input for CODE."""
    _app()
    db = get_db()
    forum = _forum_or_fail(db, code)
    try:
        result = chat_import.import_chat(db, forum, Path(file).read_bytes(), None)
    except DomainError as e:
        raise click.ClickException(e.message)
    click.echo(f"created {result.created} inputs ({result.repeated} already imported, "
               f"{result.new_participants} new participants, {result.skipped} private or reactions)")


@cli.command()
@click.option("--host", default=lambda: config.env("FKP_HOST"), show_default="FKP_HOST or 0.0.0.0")
@click.option("--port", type=int, default=lambda: int(config.env("FKP_PORT")),
              show_default="FKP_PORT or 5000")
def serve(host, port):
    """Migrate, create the demo forum on an empty database, and serve the app."""
    from .extensions import socketio
    app = _app()
    app.config["PORT"] = port
    db = get_db()
    if not forums.all_forums(db):
        demo_module.create(db)
    admin = users.ensure_first_admin(db)
    _announce(app, db, port, admin)
    db.close()
    socketio.run(app, host=host, port=port, log_output=bool(config.env("FKP_ACCESS_LOG")))


def _announce(app, db, port, admin):
    base = netaddr.base_url(app.config["PUBLIC_URL"], None, port)
    for forum in forums.all_forums(db)[:3]:
        join = f"{base}/j/{forum['code']}"
        click.echo(f"\n{forum['title']} — code {forum['code']}")
        click.echo(f"  attendees (phones): {join}")
        click.echo(f"  display (projector): {base}/d/{forum['code']}")
        click.echo(f"  moderator: {base}/m/{forum['code']}")
        click.echo(qr.terminal(join))
    click.echo(f"staff: {base}/staff/   database: {app.config['DATABASE']}")
    if admin:
        click.echo(f"\nFirst admin created. Log in as '{admin[0]}' with password: {admin[1]}")
        click.echo("Keep it safe: it is shown only this once.")
    sys.stdout.flush()


if __name__ == "__main__":
    cli(prog_name="python -m fkp")
