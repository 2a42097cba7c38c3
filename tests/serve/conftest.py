"""fkp installed from its wheel, once for the whole run: the wheel built from the files the
container's builder stage copies, in a fresh virtual environment outside the checkout, made
from a Python that the image's unprivileged user may run. The office's install
(test_wheel.py) and the image's final stage (test_container.py) both run this one, so the
dependencies are fetched and installed once, not twice (half a minute of CI)."""
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.helpers.dockerfile import context_files, python_another_user_can_run
from tests.helpers.package import build_wheel, install


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """fkp's wheel, built from the build context's files: test_wheel.py checks that it carries
    every file of the package the app reads, so a wheel from the whole checkout would too."""
    return build_wheel(tmp_path_factory.mktemp("wheel-build"), context_files())


@pytest.fixture(scope="session")
def installed_env(wheel):
    """The environment's bin folder, and whether another user may run it (False: running as
    root with no such Python; the image's test then cannot run)."""
    try:
        python, for_others = python_another_user_can_run(), True
    except LookupError:
        python, for_others = None, False
    root = Path(tempfile.mkdtemp(prefix="fkp-installed-"))
    root.chmod(0o755)
    try:
        yield install(wheel, root / "venv", python=python), for_others
    finally:
        shutil.rmtree(root, ignore_errors=True)
