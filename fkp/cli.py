"""The click commands of `python -m fkp`: serve, migrate, demo, create-user, export, backup,
restore … (fkp/__main__.py patches gevent for `serve` before importing this module)."""
import getpass
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from . import config, create_app
from .errors import DomainError
from .exports import evidence, registry
from .forums import forums, setup
from .inputs import chat_import
from .people import privacy, users
from .record import minutes, photos, scans
from .serve import demo as demo_module
from .serve import lan, maintenance, tuning
from .store import backup as backup_module
from .store import migrations, private
from .store import restore as restore_module
from .store.db import get_db
from .web import qr


@click.group()
@click.version_option(package_name="fkp", message="%(prog)s %(version)s")
def cli():
    """fkp: run a Forum Konsultasi Publik live and export its minutes."""
    private.restrict_new_files()  # before anything is written: see fkp/store/private.py
    for warning in config.retired_settings():
        click.echo(f"warning: {warning}", err=True)


def _app():
    app = create_app()
    app.app_context().push()
    private.restrict(app.config["DATABASE"])
    migrations.migrate(get_db())
    return app


@cli.command("reset-password")
@click.argument("username")
def reset_password(username):
    """Give a staff account a new password (from FKP_PASSWORD or a prompt); the old one stops
    working at once and every session of the account ends. For a staff member who forgot
    theirs, or an admin locked out."""
    _app()
    db = get_db()
    row = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()
    if row is None:
        raise click.ClickException(f"no account {username!r}")
    password = os.environ.get("FKP_PASSWORD") or getpass.getpass("New password: ")
    try:
        ended = users.set_password(db, row[0], password)
    except DomainError as e:
        raise click.ClickException(e.message)
    click.echo(f"new password set for {username}; {len(ended)} session(s) ended")


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
    except DomainError as e:  # the password policy (fkp/people/passwords.py)
        raise click.ClickException(e.message)
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
                                               "maklumat", "standar-pelayanan", "perubahan-standar",
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
        body = evidence.evidence_zip(models, photos.with_data(db, forum["id"]), forum["code"],
                                     scans.with_data(db, forum["id"]))
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
    spec = setup.definition(get_db(), _forum_or_fail(get_db(), code))
    Path(output).write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
    click.echo(f"wrote {output}")


@forum.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def forum_import(file):
    """Create a new draft forum from a definition file and print its code."""
    _app()
    db = get_db()
    try:
        spec = setup.parse_definition(Path(file).read_bytes())
    except DomainError as e:
        raise click.ClickException(e.message)
    code = forums.get(db, setup.create_from_definition(db, spec, None))["code"]
    click.echo(f"created forum {code}")


@cli.command("import-chat")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--host", "hosts", multiple=True, metavar="NAME",
              help="A host or co-host as named in the chat (repeatable): their messages are left out.")
def import_chat(code, file, hosts):
    """Turn a saved Zoom chat (the .txt it saves) into pending online input for CODE; a name
    like an attendee's ("Anas Burhan (PKB)" for "Anas Burhan") is taken as that attendee."""
    _app()
    db = get_db()
    forum = _forum_or_fail(db, code)
    try:
        result = chat_import.import_chat(db, forum, Path(file).read_bytes(), None, hosts=hosts)
    except DomainError as e:
        raise click.ClickException(e.message)
    click.echo(f"created {result.created} inputs ({result.repeated} already imported, "
               f"{result.new_participants} new participants, {result.skipped} private or reactions, "
               f"{result.host_messages} of the hosts left out)")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
def backup(file):
    """Copy the database to FILE (or a dated file in the folder FILE), safe while serving."""
    app = create_app()
    with app.app_context():
        database = app.config["DATABASE"]
        try:
            target = backup_module.target_for(database, file, datetime.now(timezone.utc))
            applied = backup_module.backup(database, target)
        except DomainError as e:
            raise click.ClickException(e.message)
    click.echo(f"wrote {target} (checked; {len(applied)} migrations, last {applied[-1]})")


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True,
              help="Restore even while a server uses the database (restart it afterwards).")
@click.option("--yes", is_flag=True,
              help="Restore without asking when the backup's staff accounts differ from the current ones "
                   "(needed when not run from a terminal).")
def restore(file, force, yes):
    """Put the backup FILE in place of the database, keeping a copy of the current one. A backup
    whose schema fkp did not make is refused; staff accounts that differ are shown first."""
    app = create_app()
    with app.app_context():
        try:
            kept, applied = restore_module.restore(
                file, app.config["DATABASE"], datetime.now(timezone.utc), force=force,
                retention_days=app.config["CONTACT_RETENTION_DAYS"], confirm=lambda changes: _confirm(changes, yes))
        except DomainError as e:
            raise click.ClickException(e.message)
    click.echo(f"restored {file} into {app.config['DATABASE']}")
    click.echo(f"the replaced database is kept as {kept}" if kept else "there was no database to keep")
    click.echo("applied: " + (", ".join(applied) if applied else "nothing, already up to date"))


def _confirm(changes, yes):
    """Show how the backup's staff accounts differ from the current ones; whether to go on. An
    account added or made admin by someone who altered the file must be seen before it logs in."""
    click.echo("The backup's staff accounts differ from the current database's:")
    for username, what, details in changes:
        click.echo(f"  {what}: {username}" + (f" ({', '.join(details)})" if details else ""))
    if yes:
        return True
    if not sys.stdin.isatty():
        raise click.ClickException("nothing was restored: check the accounts above, then run again with --yes")
    return click.confirm("Restore this backup with these accounts?", default=False)


@cli.command("purge-contacts")
def purge_contacts():
    """Remove attendees' contact details FKP_CONTACT_RETENTION_DAYS after their forum was
    finalised (`serve` does it too; run this from cron on a machine that does not serve)."""
    app = _app()
    codes = privacy.purge_contacts(get_db(), now=datetime.now(timezone.utc),
                                   retention_days=app.config["CONTACT_RETENTION_DAYS"],
                                   database=app.config["DATABASE"])
    click.echo(f"contact details removed for {', '.join(codes)}" if codes else
               "nothing to remove")


@cli.command()
@click.option("--host", default=lambda: config.env("FKP_HOST"), show_default="FKP_HOST or 0.0.0.0")
@click.option("--port", type=int, default=lambda: int(config.env("FKP_PORT")),
              show_default="FKP_PORT or 5000")
@click.option("--tls-port", type=int, default=None, show_default="FKP_TLS_PORT or 5443",
              help="Port for HTTPS (FKP_TLS=off: none).")
def serve(host, port, tls_port):
    """Migrate, create the demo forum on a database that never had one, and serve the app: HTTPS on the
    TLS port, plain HTTP on the port."""
    from .extensions import socketio
    from .serve import tls
    from .serve.server import Guard, GuardedServer
    app = _app()
    app.config["PORT"] = port
    if app.config["TLS_PORT"] and tls_port:
        app.config["TLS_PORT"] = tls_port
    certificate = None
    if app.config["TLS_PORT"]:  # the office's certificate, or this laptop's own (made now if needed)
        certificate = tls.prepare(config.env("FKP_TLS_CERT"), config.env("FKP_TLS_KEY"), app.instance_path,
                                  lan.lan_address(), datetime.now(timezone.utc))
    db = get_db()
    demo_module.create_on_first_run(db)
    admin = users.ensure_first_admin(db)
    _announce(app, db, admin, certificate)
    db.close()
    # Held until the process ends: `restore` refuses to replace a database being served.
    app.extensions["fkp_serving_lock"] = restore_module.serving_lock(app.config["DATABASE"])
    if app.extensions["fkp_serving_lock"] is None:
        click.echo("warning: another fkp server (or a restore) is using this database")
    from gevent import get_hub
    threads = get_hub().threadpool  # native threads: a long integrity check runs beside the forum
    # Also for an erasure's VACUUM of every backup (fkp/people/privacy.py), asked for by a page.
    app.extensions["fkp_offload"] = lambda fn, *args: threads.apply(fn, args)
    socketio.start_background_task(maintenance.run_forever, app, socketio.sleep, app.extensions["fkp_offload"])
    tuning.prepare(app)
    # What socketio.run does in gevent mode, with our request handler (socketio.run fixes it).
    # The plain port opens last: scripts (deploy/start-workers) take it open to mean that the
    # demo forum and the first admin exist, and the HTTPS port listens too.
    log = "default" if config.env("FKP_ACCESS_LOG") else None
    handler = no_delay_handler(access_log=bool(log))
    guard = Guard(app.config)  # one count of connections for both ports
    if certificate:
        _listen(GuardedServer((host, app.config["TLS_PORT"]), app, guard=guard, handler_class=handler, log=log,
                                ssl_context=tls.server_context(certificate.certfile, certificate.keyfile)),
                "FKP_TLS_PORT, or FKP_TLS=off").start()
    _listen(GuardedServer((host, port), app, guard=guard, handler_class=handler, log=log),
            "FKP_PORT").serve_forever()


def _listen(server, setting):
    """The server with its port taken, or a clear error naming the setting that chose it."""
    try:
        server.init_socket()
    except OSError as e:
        raise click.ClickException(f"cannot listen on {server.server_host}:{server.server_port}: "
                                   f"{os.strerror(e.errno) if e.errno else e}; choose another port with {setting}")
    return server


def no_delay_handler(access_log=False):
    """gevent's request handler with Nagle's algorithm off. pywsgi sends a response's headers
    and its body in two writes; with Nagle on, the body waits for the client to acknowledge
    the headers, which a client delays by up to 40 ms — added to every page, every API call
    and every Socket.IO poll. Built on gevent-websocket's handler when that is installed,
    as Flask-SocketIO would choose it, with the deadlines of fkp/serve/server.py. access_log:
    whether requests are logged at all."""
    import socket

    from .serve.server import Deadlines
    try:
        from geventwebsocket.handler import WebSocketHandler as Handler
    except ImportError:
        from gevent.pywsgi import WSGIHandler as Handler

    class NoDelayHandler(Deadlines, Handler):
        def __init__(self, sock, *args, **kwargs):
            if sock.family in (socket.AF_INET, socket.AF_INET6):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            super().__init__(sock, *args, **kwargs)

        def log_request(self):
            # gevent-websocket's handler formats every request's log line even when the
            # server keeps no access log (~3 % of an input's server time): only with one.
            if access_log:
                super().log_request()
    return NoDelayHandler


def _announce(app, db, admin, certificate):
    phones, staff = lan.phones_base(app.config), lan.staff_base(app.config)
    for forum in forums.all_forums(db)[:3]:
        join = f"{phones}/j/{forum['code']}"
        click.echo(f"\n{forum['title']} — code {forum['code']}")
        click.echo(f"  attendees (phones): {join}")
        click.echo(f"  display (projector): {staff}/d/{forum['code']}")
        click.echo(f"  moderator: {staff}/m/{forum['code']}")
        click.echo(qr.terminal(join))
    click.echo(f"staff: {staff}/staff/   database: {app.config['DATABASE']}")
    if certificate:
        click.echo(f"\nHTTPS on port {app.config['TLS_PORT']}, plain HTTP on port {app.config['PORT']}; "
                   f"certificate {certificate.shown} for {', '.join(certificate.names)}, "
                   f"valid until {certificate.not_after:%Y-%m-%d}")
        click.echo(f"SHA-256 fingerprint: {certificate.fingerprint}")
        if certificate.generated:
            click.echo("Browsers warn about this self-made certificate: go on only if the fingerprint "
                       "they show for it is this one.")
        elif certificate.not_after < datetime.now(timezone.utc):
            click.echo("warning: this certificate has expired: every browser refuses it")
        elif not app.config["PUBLIC_URL"] and lan.lan_address() not in certificate.names:
            click.echo(f"warning: the certificate does not name {lan.lan_address()}, the address in the URLs "
                       "above: set FKP_PUBLIC_URL to an https address it names")
    else:
        click.echo("\nPlain HTTP only (FKP_TLS=off): staff log in over a proxy's HTTPS or on this machine.")
    if admin:
        click.echo(f"\nFirst admin created. Log in as '{admin[0]}' with password: {admin[1]}")
        click.echo("Keep it safe: it is shown only this once.")
    sys.stdout.flush()
