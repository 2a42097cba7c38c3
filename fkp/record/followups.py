"""Follow-ups across forums: what an office promised, by whom, by when, and where it stands."""
from datetime import date

_SQL = """
SELECT r.comment_id, r.action, r.pic, r.target_date, r.followup_status, r.note, r.decision,
       c.text, f.id AS forum_id, f.code, f.title, f.unit, f.date AS forum_date,
       s.name AS service_name
FROM responses r
JOIN comments c ON c.id = r.comment_id
JOIN forums f ON f.id = c.forum_id
LEFT JOIN services s ON s.id = c.service_id
WHERE r.decision IN ('accepted', 'partly_accepted')
"""


def search(db, *, forum_ids=None, unit=None, pic=None, status=None, overdue_only=False, today=None):
    """Follow-ups matching the filters, by person in charge then target date; each row says
    whether it is overdue (past its target and not done)."""
    sql, params = _SQL, []
    if forum_ids is not None:
        sql += f" AND f.id IN ({','.join('?' * len(forum_ids)) or 'NULL'})"
        params += list(forum_ids)
    for column, value in (("f.unit", unit), ("r.pic", pic), ("r.followup_status", status)):
        if value:
            sql += f" AND {column} = ?"
            params.append(value)
    today = (today or date.today()).isoformat()
    rows = []
    for row in db.query(sql + " ORDER BY r.pic, r.target_date IS NULL, r.target_date, c.id", params):
        row["overdue"] = bool(row["target_date"] and row["target_date"] < today
                              and row["followup_status"] != "done")
        if row["overdue"] or not overdue_only:
            rows.append(row)
    return rows


def choices(db, forum_ids=None):
    """The units and persons in charge that have follow-ups, for the filters."""
    rows = search(db, forum_ids=forum_ids)
    return sorted({r["unit"] for r in rows}), sorted({r["pic"] for r in rows if r["pic"]})


def open_first(db, forum_id):
    """One forum's follow-ups as a review reads them: the open ones first, then by target date
    (the staff page of the forum that reviews it, and its projector panel)."""
    found = search(db, forum_ids=[forum_id])
    found.sort(key=lambda r: (r["followup_status"] == "done", r["target_date"] or "9999", r["comment_id"]))
    return found
