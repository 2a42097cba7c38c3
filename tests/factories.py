"""Test data for the minutes and exports, built through the real domain functions."""
import itertools

from fkp import comments, forums, moderation, participants

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
