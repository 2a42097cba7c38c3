"""The demo forum: KPU Provinsi NTB's FKP on its service standards (seed scenario).

The services, aspects, place and date follow the public news report; the draft texts
are our own short examples, so that a first run shows a forum ready to use.

It is marked as the demo (forums.demo): staff pages and the attendees' pages say it is a
practice forum, and an admin can delete it whatever its status (fkp/forums/removal.py).
Its six services go into the service library too, so that a first run shows a library to
choose from. `serve` makes it only on a database that never had one (create_on_first_run):
a demo an admin deleted stays deleted; `python -m fkp demo` makes another on request.
"""
from ..forums import forums, library
from ..inputs import comments, moderation
from ..language.timezones import utc_now
from ..people import participants

SERVICES = {
    "Layanan Autentikasi Perolehan Suara Parpol": {
        "requirements": ("Surat permohonan dari pengurus partai politik tingkat provinsi dan salinan "
                         "dokumen hasil perolehan suara."),
        "procedure": ("Permohonan diajukan di meja layanan atau surel resmi, diverifikasi petugas, "
                      "lalu dokumen dilegalisasi."),
        "duration": "3 hari kerja sejak berkas lengkap.",
        "fee": "Tidak dipungut biaya.",
        "product": "Salinan dokumen perolehan suara yang telah diautentikasi.",
        "complaints": "Melalui meja layanan, surel, atau kotak saran di kantor KPU Provinsi NTB.",
    },
    "Layanan PAW Anggota DPRD": {
        "requirements": "Surat usulan pimpinan DPRD dan dokumen pendukung sesuai ketentuan.",
        "procedure": "Usulan diterima, diverifikasi, dibahas dalam rapat pleno, lalu jawaban disampaikan tertulis.",
        "duration": "5 hari kerja sejak usulan diterima lengkap.",
        "fee": "Tidak dipungut biaya.",
        "product": "Surat jawaban nama calon pengganti antarwaktu.",
        "complaints": "Melalui surat resmi atau meja layanan pengaduan.",
    },
    "Layanan Permohonan Informasi Publik": {
        "requirements": "Identitas pemohon dan formulir permohonan informasi.",
        "procedure": "Permohonan diajukan langsung, melalui surel, atau laman PPID; petugas mencatat dan memproses.",
        "duration": "Paling lama 10 hari kerja, dapat diperpanjang 7 hari kerja.",
        "fee": "Tidak dipungut biaya; biaya salinan ditanggung pemohon bila ada.",
        "product": "Informasi publik dalam bentuk salinan cetak atau elektronik.",
        "complaints": "Keberatan diajukan kepada atasan PPID paling lama 30 hari kerja.",
    },
    "Layanan Pengaduan Masyarakat": {
        "requirements": "Identitas pelapor (boleh dirahasiakan) dan uraian pengaduan.",
        "procedure": "Pengaduan dicatat, diberi nomor registrasi, ditelaah, dan ditindaklanjuti.",
        "duration": "Tanggapan awal 3 hari kerja; penyelesaian paling lama 14 hari kerja.",
        "fee": "Tidak dipungut biaya.",
        "product": "Tanda terima pengaduan dan jawaban tertulis.",
        "complaints": "Pelapor dapat menanyakan perkembangan melalui nomor registrasi.",
    },
    "Layanan Magang Perguruan Tinggi": {
        "requirements": "Surat pengantar perguruan tinggi, proposal magang, dan daftar nama mahasiswa.",
        "procedure": "Permohonan diterima, dijadwalkan sesuai kebutuhan unit kerja, lalu dijawab tertulis.",
        "duration": "7 hari kerja sejak permohonan diterima.",
        "fee": "Tidak dipungut biaya.",
        "product": "Surat persetujuan magang dan sertifikat setelah selesai.",
        "complaints": "Melalui meja layanan atau surel resmi.",
    },
    "Layanan Data Pemilih": {
        "requirements": "Surat permohonan dan identitas pemohon; data pribadi dilindungi sesuai ketentuan.",
        "procedure": "Permohonan diverifikasi, data disiapkan dalam format yang diizinkan, lalu diserahkan.",
        "duration": "5 hari kerja sejak permohonan lengkap.",
        "fee": "Tidak dipungut biaya.",
        "product": "Rekapitulasi data pemilih dalam bentuk cetak atau elektronik.",
        "complaints": "Tanggapan masyarakat atas data pemilih diterima di meja layanan dan laman resmi.",
    },
}

FORUM = dict(
    title="Forum Konsultasi Publik Penyusunan Standar Pelayanan",
    unit="Komisi Pemilihan Umum Provinsi Nusa Tenggara Barat", date="2025-09-04",
    start_time="09.00", time_zone="WITA", place="Kantor KPU Provinsi NTB, Mataram", mode="in_person",
    head_name="Muhammad Khuwailid", head_position="Ketua KPU Provinsi NTB", status="open")

SAMPLE_PARTICIPANTS = [
    ("Perwakilan Partai A", "DPW Partai A NTB", "service_user"),
    ("Peneliti Pemilu", "Universitas di Mataram", "expert"),
    ("Perwakilan Pemantau", "JPPR NTB", "civil_society"),
    ("Wartawan", "Media lokal Mataram", "media"),
]
SAMPLE_INPUTS = [
    (0, 0, 2, "suggestion", "Jangka waktu 3 hari kerja sebaiknya bisa lebih cepat bila berkas sudah lengkap."),
    (1, 5, 0, "suggestion", "Perlu informasi hasil pemilu berbasis TI yang cepat untuk partai politik."),
    (2, 3, 5, "criticism", "Layanan pengaduan perlu menjangkau perempuan dan penyandang disabilitas."),
    (3, 2, 1, "question", "Apakah permohonan informasi bisa diajukan di luar jam kantor?"),
]


# The name first_run records once a demo was made on the database.
FIRST_RUN_DEMO = "demo"


def create(db, with_sample_input=False):
    """Create the demo forum (open for input, marked as the demo), its services in the
    service library too (linked, as a forum set up by hand); returns its code."""
    with db.atomic():
        services = [{"name": name, "drafts": drafts, "library_id": library.ensure(db, name)}
                    for name, drafts in SERVICES.items()]
        forum_id = forums.create(db, **FORUM, demo=1, services=services)
        db.execute("INSERT OR IGNORE INTO first_run (name, done_utc) VALUES (?, ?)", [FIRST_RUN_DEMO, utc_now()])
    forum = forums.get(db, forum_id)
    services, aspects = forums.services(db, forum_id), forums.aspects(db, forum_id)
    forums.set_focus(db, forum, services[0]["id"], aspects[0]["id"])
    if with_sample_input:
        _add_sample_input(db, forums.get(db, forum_id), services, aspects)
    return forum["code"]


def create_on_first_run(db):
    """At `serve`'s start: create the demo on a database that never had one and has no forum
    (a fresh install); returns its code, or None. A demo an admin deleted is not made again."""
    if db.execute("SELECT 1 FROM first_run WHERE name = ?", [FIRST_RUN_DEMO]).fetchone():
        return None
    if db.execute("SELECT 1 FROM forums LIMIT 1").fetchone():
        return None
    return create(db)


def _add_sample_input(db, forum, services, aspects):
    people = [participants.join(db, forum, name=n, institution=i, group=g, consent=True)[0]
              for n, i, g in SAMPLE_PARTICIPANTS]
    for n, (who, svc, asp, kind, text) in enumerate(SAMPLE_INPUTS):
        comment, _ = comments.submit(db, forum, people[who], service_id=services[svc]["id"],
                                     aspect_id=aspects[asp]["id"], kind=kind, text=text,
                                     client_id=f"sample-{n}")
        if n % 2 == 0:
            moderation.approve(db, forum, comment["id"], None)
