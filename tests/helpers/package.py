"""fkp as an office installs it: the wheel built from the checkout, installed into a fresh
virtual environment outside the repository (tests/serve/test_wheel.py, test_container.py)."""
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def project_files():
    """The files a clean clone holds, as they are in the working tree now (new files too):
    what `git clone` would give CI, with this change in it."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    return [name for name in listed if name and (ROOT / name).is_file()]


def build_wheel(workdir, files=None):
    """Build fkp's wheel from a copy of the project's files in workdir (or only of `files`, as
    a container build's context has them); its path."""
    source, out = Path(workdir) / "source", Path(workdir) / "dist"
    for name in project_files() if files is None else files:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = out.glob("fkp-*.whl")
    return wheel


def install(wheel, target, python=None):
    """A fresh virtual environment in target with the wheel (and its dependencies, from the
    package index) installed; the path of its bin (Scripts on Windows) folder. python: the
    interpreter the environment is made from (default: the one running the tests)."""
    if python is None:
        venv.create(target, with_pip=True)
    else:
        subprocess.run([str(python), "-m", "venv", str(target)], check=True, capture_output=True, timeout=300)
    bin_dir = Path(target) / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    str(wheel)], check=True, capture_output=True, timeout=900)
    return bin_dir
