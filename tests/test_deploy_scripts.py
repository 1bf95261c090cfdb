"""Every shell script passes shellcheck, and the store's install script makes a store."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import missing_component

REPO = Path(__file__).parents[1]
INSTALL = REPO / "deploy" / "install-store.sh"


def shell_scripts() -> list[Path]:
    found = [REPO / "dev", REPO / ".ci" / "run"]
    for path in sorted((REPO / "deploy").rglob("*")):
        if path.is_file() and path.read_bytes()[:2] == b"#!" and b"sh" in path.read_bytes()[:40]:
            found.append(path)
    return found


def test_every_script_passes_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        missing_component("shellcheck (Debian package shellcheck; ./dev test installs it)")
        return
    scripts = shell_scripts()
    assert INSTALL in scripts
    result = subprocess.run(
        [shellcheck, "--severity=style", *map(str, scripts)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout


def blank_root(root: Path) -> Path:
    """The user database and boot partition of a freshly flashed Raspberry Pi OS, no more."""
    (root / "etc").mkdir(parents=True)
    (root / "boot" / "firmware").mkdir(parents=True)
    (root / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (root / "etc" / "group").write_text("root:x:0:\ngpio:x:997:\n")
    (root / "etc" / "shadow").write_text("root:*:19000:0:99999:7:::\n")
    (root / "etc" / "gshadow").write_text("root:*::\ngpio:!::\n")
    (root / "boot" / "firmware" / "cmdline.txt").write_text("console=tty1 root=PARTUUID=1 rw\n")
    return root


def install(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or shutil.which("useradd") is None or shutil.which("systemctl") is None:
        missing_component("root with useradd and systemctl (the install script's tools)")
    return subprocess.run(
        [str(INSTALL), "--root", str(root), "--no-chroot", *options],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def ids(root: Path, name: str) -> tuple[int, list[str]]:
    """The uid of `name` in the target root and the groups it is a member of."""
    uid = next(
        int(line.split(":")[2])
        for line in (root / "etc" / "passwd").read_text().splitlines()
        if line.startswith(name + ":")
    )
    groups = [
        line.split(":")[0]
        for line in (root / "etc" / "group").read_text().splitlines()
        if name in line.split(":")[3].split(",")
    ]
    return uid, groups


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_install_script_makes_a_store(tmp_path: Path) -> None:
    root = blank_root(tmp_path / "root")
    result = install(root, "--lock-pin", "23", "--lock-active-low")
    assert result.returncode == 0, result.stderr

    uid, groups = ids(root, "byabutik")
    assert {"gpio", "dialout", "input", "video"} <= set(groups)
    config = root / "etc" / "byabutik" / "controller.toml"
    assert (mode(config), config.stat().st_uid) == (0o600, uid)
    assert 'data_dir = "/var/lib/byabutik"' in config.read_text().splitlines()
    key = root / "etc" / "byabutik" / "identity-hash.key"
    assert (mode(key), key.stat().st_uid) == (0o600, 0)
    assert len(key.read_text().strip()) >= 32
    data = root / "var" / "lib" / "byabutik"
    assert (mode(data), data.stat().st_uid) == (0o700, uid)

    # the relay pin is driven to its off level (high, for an active-low board) from boot
    boot = (root / "boot" / "firmware" / "config.txt").read_text().splitlines()
    assert "gpio=23=op,dh" in boot
    assert "consoleblank=0" in (root / "boot" / "firmware" / "cmdline.txt").read_text()
    wants = root / "etc" / "systemd" / "system" / "multi-user.target.wants"
    assert {p.name for p in wants.iterdir()} == {
        "byabutik-controller.service",
        "byabutik-kiosk.service",
    }
    timers = root / "etc" / "systemd" / "system" / "timers.target.wants"
    assert [p.name for p in timers.iterdir()] == ["byabutik-backup.timer"]
    assert (root / "etc" / "udev" / "rules.d" / "60-byabutik-scanners.rules").exists()
    assert (root / "etc" / "systemd" / "journald.conf.d" / "byabutik.conf").exists()
    assert "/kiosk" in (root / "etc" / "byabutik" / "kiosk.env").read_text()
    # the venv is made from the project's own source (only its extras for a controller)
    assert (root / "opt" / "byabutik" / "src" / "pyproject.toml").exists()
    assert "pip install -q --no-cache-dir /opt/byabutik/src[controller]" in result.stderr
    # and the optimized bytecode the controller's unit runs on (PYTHONOPTIMIZE=2, issue 23)
    assert "compileall.compile_dir(sysconfig.get_path(name), quiet=2, optimize=2)" in result.stderr
    unit = (root / "etc" / "systemd" / "system" / "byabutik-controller.service").read_text()
    assert "PYTHONOPTIMIZE=2" in next(line for line in unit.splitlines() if "Environment=" in line)


def test_running_it_again_keeps_what_the_operator_changed(tmp_path: Path) -> None:
    root = blank_root(tmp_path / "root")
    assert install(root).returncode == 0
    config = root / "etc" / "byabutik" / "controller.toml"
    config.write_text('mode = "production"\n')
    key = (root / "etc" / "byabutik" / "identity-hash.key").read_text()

    again = install(root, "--lock-pin", "5", "--screen", "door")
    assert again.returncode == 0, again.stderr
    assert config.read_text() == 'mode = "production"\n'
    assert (root / "etc" / "byabutik" / "identity-hash.key").read_text() == key
    boot = (root / "boot" / "firmware" / "config.txt").read_text().splitlines()
    assert [line for line in boot if line.startswith("gpio=")] == ["gpio=5=op,dl"]
    passwd = (root / "etc" / "passwd").read_text().splitlines()
    assert [line for line in passwd if line.startswith("byabutik:")] != []
    assert len([line for line in passwd if line.startswith("byabutik:")]) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--lock-pin", "40"], "BCM GPIO 0-27"),
        (["--screen", "tv"], "checkout, door or none"),
        (["--read-only-root"], "needs --data-device"),
    ],
)
def test_bad_options_are_refused_by_name(tmp_path: Path, options: list[str], message: str) -> None:
    root = blank_root(tmp_path / "root")
    result = install(root, *options)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.slow
def test_the_install_script_in_a_fresh_debian_bookworm(tmp_path: Path) -> None:
    """Opt-in (BYABUTIK_TEST_DEBOOTSTRAP=1, about 5 minutes and 700 MB from Debian and PyPI):
    debootstrap a Debian 12, run the install script in it for real (packages, the venv from
    PyPI), and run the doctor there as the service user."""
    if os.environ.get("BYABUTIK_TEST_DEBOOTSTRAP") != "1":
        pytest.skip("opt-in: BYABUTIK_TEST_DEBOOTSTRAP=1 (the fast test above runs always)")
    debootstrap = shutil.which("debootstrap")
    if debootstrap is None or os.geteuid() != 0:
        pytest.fail("needs root and debootstrap (Debian package debootstrap)")
    root = tmp_path / "bookworm"
    subprocess.run(
        [debootstrap, "--variant=minbase", "--include=python3,python3-venv", "bookworm", str(root)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    # the machine's own name service and certificate authorities (a proxy's, on CI)
    shutil.copy("/etc/resolv.conf", root / "etc" / "resolv.conf")
    shutil.copy("/etc/ssl/certs/ca-certificates.crt", root / "etc/ssl/certs/ca-certificates.crt")
    mounts = [root / "proc", root / "dev"]
    subprocess.run(["mount", "--bind", "/proc", str(mounts[0])], check=True)
    subprocess.run(["mount", "--bind", "/dev", str(mounts[1])], check=True)
    try:
        result = subprocess.run(
            [str(INSTALL), "--root", str(root), "--screen", "none"],
            capture_output=True,
            text=True,
            check=False,
            timeout=1800,
        )
        assert result.returncode == 0, result.stderr[-4000:]
        doctor = subprocess.run(
            [
                "chroot",
                str(root),
                "su",
                "-s",
                "/bin/sh",
                "byabutik",
                "-c",
                "cd /var/lib/byabutik && /opt/byabutik/venv/bin/byabutik controller doctor "
                "--config /etc/byabutik/controller.toml",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        # only the controller's extras: nothing of the backoffice's
        venv = root / "opt" / "byabutik" / "venv" / "lib"
        assert list(venv.glob("python3*/site-packages/psycopg")) == []
        assert list(venv.glob("python3*/site-packages/fastapi")) != []
    finally:
        for mount in mounts:
            subprocess.run(["umount", str(mount)], check=False)
