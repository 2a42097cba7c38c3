"""Lay out one document in a process of its own: `python -m fkp.exports.worker OUT`.

Reads a pickled job from standard input (written by exports.builds in the server, never
from anywhere else), writes the document to OUT and exits 0; a failure exits 1 with the
traceback on standard error. Only layout happens here: the model arrives assembled.
"""
import os
import pickle
import sys


def build(job):
    """The bytes of the job: {"name", "fmt", "model"}; an evidence pack, which also has
    "photos", "scans" and "code"; or a unit's dossier ("unit", "year", "kop", "forums")."""
    from . import dossier, evidence, registry

    def models(_audience):
        return job["model"]  # the server picked the one audience the document is for
    if (job["name"], job["fmt"]) == ("dossier", "zip"):
        return dossier.dossier_zip(job["unit"], job["year"], job["kop"], job["forums"])
    if (job["name"], job["fmt"]) == ("evidence", "zip"):
        return evidence.evidence_zip(models, job["photos"], job["code"], job.get("scans", ()))
    return registry.build(models, job["name"], job["fmt"])


def main(out):
    body = build(pickle.loads(sys.stdin.buffer.read()))
    partial = f"{out}.partial"
    with open(partial, "wb") as f:
        f.write(body)
        f.flush()
        os.fsync(f.fileno())
    os.replace(partial, out)  # a reader sees the whole document or none
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
