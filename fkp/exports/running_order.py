"""The order of the Notulen's running record, shared by its Word and PDF writers so both say
the same: the inputs numbered in their own order, the organiser's statements (unnumbered)
among them by the time they were written down."""


def in_time_order(inputs, statements):
    """[(number or None, input or statement)]: the inputs numbered in their own order, each
    statement placed before the first input that came in after it was written down."""
    out, waiting = [], list(statements)
    for number, item in enumerate(inputs, start=1):
        while waiting and waiting[0]["created_utc"] < (item["created_utc"] or ""):
            out.append((None, waiting.pop(0)))
        out.append((number, item))
    return out + [(None, statement) for statement in waiting]
