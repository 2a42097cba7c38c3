"""A unit's forums over the years, as the national evaluation (PEKPPP) reads them: for each
year, which forums were held, how many of the five unsur took part (three to four is what
scores), what was promised and how much of it is done, how much of the revised standard is
written, and whether the signed Berita Acara and attendance list are kept. The unit's page
and the evaluation dossier are built on it."""
from ..people.participants import group_counts
from ..standards.texts import completeness
from ..vocabulary import PUBLIC_GROUPS

_FORUMS = """
SELECT f.id, f.code, f.title, f.unit, f.date, f.status FROM forums f
WHERE f.unit = ? COLLATE NOCASE ORDER BY f.date DESC, f.id DESC
"""
# The record's inputs (not hidden, not merged into another), the promised ones and those done.
_COUNTS = """
SELECT count(*) AS inputs,
       coalesce(sum(r.decision IN ('accepted', 'partly_accepted')), 0) AS promised,
       coalesce(sum(r.decision IN ('accepted', 'partly_accepted') AND r.followup_status = 'done'), 0) AS done
FROM comments c LEFT JOIN responses r ON r.comment_id = c.id
WHERE c.forum_id = ? AND c.status != 'hidden' AND c.merged_into_id IS NULL
"""


def units(db, forum_ids=None):
    """The organising units of the forums in forum_ids (None: all), each with its number of
    forums, by name; one unit however its name's case was typed."""
    rows = db.query("SELECT id, unit FROM forums ORDER BY unit COLLATE NOCASE, id")
    found = {}
    for row in rows:
        if forum_ids is None or row["id"] in forum_ids:
            found.setdefault(row["unit"].casefold(), {"name": row["unit"], "forums": 0})["forums"] += 1
    return list(found.values())


def forum_summary(db, forum):
    """What the evaluation asks of one forum (a forums row, or the columns _FORUMS reads)."""
    counts = group_counts(db, forum["id"])
    row = db.execute(_COUNTS, [forum["id"]]).fetchone()
    kinds = {k for (k,) in db.execute("SELECT kind FROM signed_scans WHERE forum_id = ?", [forum["id"]])}
    inputs, promised, done = row
    return {
        "id": forum["id"], "code": forum["code"], "title": forum["title"], "date": forum["date"],
        "status": forum["status"], "year": str(forum["date"] or "")[:4],
        "groups_present": sum(1 for g in PUBLIC_GROUPS if counts.get(g)), "groups_total": len(PUBLIC_GROUPS),
        "groups": [g for g in PUBLIC_GROUPS if counts.get(g)],
        "attendees": sum(counts.get(g, 0) for g in PUBLIC_GROUPS),
        "inputs": inputs, "promised": promised, "done": done,
        "completion": round(100 * done / promised) if promised else None,
        "signed_berita_acara": "berita_acara" in kinds, "signed_daftar_hadir": "daftar_hadir" in kinds,
        # The revised standard: components with a final text, of services × 14.
        "standard": completeness(db, forum["id"]),
    }


def years(db, unit, forum_ids=None):
    """[(year, [forum summary, …])], newest year first, of the unit's forums in forum_ids."""
    by_year = {}
    for forum in db.query(_FORUMS, [unit]):
        if forum_ids is None or forum["id"] in forum_ids:
            summary = forum_summary(db, forum)
            by_year.setdefault(summary["year"], []).append(summary)
    return sorted(by_year.items(), reverse=True)
