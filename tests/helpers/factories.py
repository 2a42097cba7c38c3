"""Test data for the minutes and exports, built through the real domain functions."""
import itertools

from fkp.forums import forums
from fkp.inputs import comments, moderation
from fkp.people import participants

PHONE = "081234567890"
EMAIL = "rahasia.peserta@example.org"
TITLE = "Penyusunan Standar Pelayanan KPU Provinsi NTB Tahun 2025"
_CLIENT_IDS = itertools.count(1)
SERVICES = ["Layanan Permohonan Informasi Publik", "Layanan Pengaduan Masyarakat",
            "Layanan Data Pemilih"]


def make_app(tmp_path):
    from fkp import create_app
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "t.db"), "SECRET_KEY": "test",
                       "ASYNC_MODE": "threading", "WTF_CSRF_ENABLED": False})


def forum(db, **details):
    values = dict(title=TITLE, unit="KPU Provinsi NTB", date="2025-09-04",
                  place="Kantor KPU Provinsi NTB, Mataram", status="open", start_time="09:00",
                  time_zone="WITA",
                  head_name="Dr. Lalu Ahmad, S.H.", head_position="Ketua KPU Provinsi NTB")
    values.update(details)
    forum_id = forums.create(db, services=[
        {"name": name, "drafts": {"requirements": "KTP dan surat permohonan"}} for name in SERVICES
    ], **values)
    return forums.get(db, forum_id)


def join(db, forum_row, name, group, institution="Lembaga", contact=PHONE):
    participant, _token = participants.join(db, forum_row, name=name, institution=institution,
                                            group=group, consent=True, contact=contact)
    return participant


def say(db, forum_row, participant, service, aspect, text, kind="suggestion", status="approved"):
    """Submit one input and moderate it to `status` (pending, approved or hidden)."""
    comment, _created = comments.submit(
        db, forum_row, participant, service_id=service["id"], aspect_id=aspect["id"], kind=kind,
        text=text, client_id=f"c{next(_CLIENT_IDS)}")
    if status == "approved":
        moderation.approve(db, forum_row, comment["id"], user_id=None)
    elif status == "hidden":
        moderation.hide(db, forum_row, comment["id"], user_id=None)
    return comment


def scenario(db):
    """A forum with all input statuses, four unsur present, staff, and contact details."""
    f = forum(db)
    services, aspects = forums.services(db, f["id"]), forums.aspects(db, f["id"])
    media = join(db, f, "Siti Aminah", "media", "Lombok Post", contact=PHONE)
    party = join(db, f, "Baiq Nurul", "service_user", "Partai Contoh", contact=EMAIL)
    cso = join(db, f, "Made Wirawan", "civil_society", "JPPR NTB")
    agency = join(db, f, "Ahmad Fauzi", "agency", "Bakesbangpol NTB")
    join(db, f, "Nina Staf", "staff", "KPU Provinsi NTB")
    inputs = {
        "approved_info": say(db, f, media, services[0], aspects[1],
                             "Sediakan formulir permohonan informasi secara daring."),
        "approved_info_2": say(db, f, party, services[0], aspects[0],
                               "Persyaratan KTP cukup fotokopi.", kind="criticism"),
        "approved_data": say(db, f, cso, services[2], aspects[2],
                             "Percepat pemutakhiran data pemilih disabilitas.",
                             kind="appreciation"),
        "pending": say(db, f, agency, services[0], aspects[0],
                       "Masukan yang belum dimoderasi.", status="pending"),
        "hidden": say(db, f, agency, services[2], aspects[2],
                      "Masukan yang disembunyikan moderator.", status="hidden"),
    }
    return forums.get(db, f["id"]), inputs


HOSTILE = '=HYPERLINK("http://evil.example","klik")'


def full_record(db):
    """A forum ready for its minutes: inputs in every state (pending, approved, hidden, merged,
    chat-imported without a service, spoken), a response with every decision, follow-ups in
    every status, conclusions, chosen signatories, contact details, a hostile cell, one
    attendee who agreed to be named publicly, staff with full names. Returns (forum, inputs)."""
    from fkp.forums import lifecycle
    from fkp.inputs import chat_import
    from fkp.people import users
    from fkp.record import responses
    f, inputs = scenario(db)
    services, aspects = forums.services(db, f["id"]), forums.aspects(db, f["id"])
    named = participants.join(db, f, name="Rina Publik", institution="Pertuni NTB", group="civil_society",
                              consent=True, contact="0819-PUBLIK")[0]
    db.execute("UPDATE participants SET public_name = 1 WHERE id = ?", [named["id"]])
    db.conn.commit()
    expert = join(db, f, "Prof. Hasan", "expert", "Universitas Mataram", contact="hasan@example.org")
    inputs["named"] = say(db, f, named, services[1], aspects[5], "Sediakan juru bahasa isyarat.")
    inputs["hostile"] = say(db, f, expert, services[1], aspects[3], HOSTILE, kind="question")
    inputs["duplicate"] = say(db, f, expert, services[0], aspects[1], "Formulir daring, mohon.")
    moderation.merge(db, f, inputs["duplicate"]["id"], inputs["approved_info"]["id"], None)
    staff_id = users.create(db, "notulis1", "notulis-password", "notulis")
    db.execute("UPDATE users SET full_name = 'Dewi Notulis' WHERE id = ?", [staff_id])
    db.conn.commit()
    users.assign(db, f["id"], staff_id)
    speaker = join(db, f, "Pak Lisan", "service_user", "Perorangan")
    inputs["spoken"] = comments.submit(db, f, speaker, service_id=services[2]["id"],
                                       aspect_id=aspects[0]["id"], kind="suggestion",
                                       text="Disampaikan lisan di forum.", client_id="spoken-1",
                                       recorded_by=staff_id)[0]
    moderation.approve(db, f, inputs["spoken"]["id"], None)
    chat_import.import_chat(db, f, b"10:00:00 From Peserta Zoom to Everyone:\n\tLewat obrolan.\n", None)
    answers = [("approved_info", "accepted", {"action": "Membuat formulir daring", "pic": "Subbag Teknis",
                                              "target_date": "2025-12-01", "followup_status": "in_progress"}),
               ("approved_info_2", "not_accepted", {"reason": "Diatur peraturan KPU."}),
               ("approved_data", "partly_accepted", {"action": "Pendataan bertahap", "pic": "Divisi Data",
                                                     "target_date": "2025-10-15", "followup_status": "done"}),
               ("named", "already_met", {}),
               ("hostile", "accepted", {"action": "=cmd|' /C calc'!A0", "pic": "@SUM(1+1)",
                                        "followup_status": "not_started"})]
    for key, decision, extra in answers:
        responses.save_response(db, f, inputs[key]["id"], None, response=f"Tanggapan untuk {key}.",
                                decision=decision, **extra)
    responses.save_conclusion(db, f, services[0]["id"], "Formulir daring disepakati.", None)
    responses.save_conclusion(db, f, None, "Standar pelayanan disempurnakan sesuai masukan.", None)
    people = {p["name"]: p for p in participants.attendance(db, f["id"])}
    responses.set_signatory(db, f, "media", people["Siti Aminah"]["id"], None)
    responses.set_signatory(db, f, "civil_society", people["Made Wirawan"]["id"], None)
    lifecycle.transition(db, forums.get(db, f["id"]), "close", None)
    return forums.get(db, f["id"]), inputs


KIND_CYCLE = ["suggestion", "criticism", "appreciation", "question"]


def answering_forum(db, n=48, chats=3, decided_every=4):
    """A closed forum with many inputs to answer, spread over every service, several aspects,
    every kind, two channels (phone and online) and both statuses an answer can have (pending
    and approved; every 7th is hidden, which is not answered), a few chat messages with no
    service yet, and every `decided_every`-th input already decided. Returns (forum, rows),
    rows: one dict per input with the values the filters read (hidden ones included)."""
    from fkp.inputs import chat_import
    from fkp.record import responses
    f = forum(db)
    services, aspects = forums.services(db, f["id"]), forums.aspects(db, f["id"])
    people = [participants.join(db, f, name=f"Peserta {i}", institution="Lembaga", group="service_user",
                                consent=True, channel="online" if i % 2 else "phone")[0] for i in range(4)]
    rows = []
    for i in range(n):
        status = "hidden" if i % 7 == 6 else ("pending" if i % 3 == 0 else "approved")
        c = say(db, f, people[i % 4], services[i % 3], aspects[i % 4], f"Masukan nomor {i}.",
                kind=KIND_CYCLE[i % 4], status=status)
        rows.append({"id": c["id"], "service": services[i % 3]["id"], "aspect": aspects[i % 4]["id"],
                     "kind": KIND_CYCLE[i % 4], "channel": "online" if i % 2 else "phone",
                     "status": status, "decision": None})
    chat = "".join(f"10:00:0{i} From Peserta Zoom {i} to Everyone:\n\tPesan obrolan {i}.\n" for i in range(chats))
    chat_import.import_chat(db, f, chat.encode(), None)
    for cid, in db.execute("SELECT id FROM comments WHERE forum_id = ? AND service_id IS NULL ORDER BY id",
                           [f["id"]]).fetchall():
        rows.append({"id": cid, "service": None, "aspect": None, "kind": "suggestion", "channel": "online",
                     "status": "pending", "decision": None})
    for row in [r for r in rows if r["status"] != "hidden"][::decided_every]:
        responses.save_response(db, f, row["id"], None, response="Sudah sesuai.", decision="already_met")
        row["decision"] = "already_met"
    from fkp.forums import lifecycle
    lifecycle.transition(db, forums.get(db, f["id"]), "close", None)
    return forums.get(db, f["id"]), rows
