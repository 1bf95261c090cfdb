#!/usr/bin/env bash
# Install a Byabutik store controller on Raspberry Pi OS (Bookworm) or Debian 12: run as root on
# the Pi, from a checkout of Byabutik (docs/operator-guide.md walks through it).
#
#   sudo deploy/install-store.sh [--lock-pin 17] [--lock-active-low] [--screen checkout|door|none]
#                                [--read-only-root] [--data-device /dev/sda1]
#                                [--root DIR [--no-chroot]]
#
# What it does, each step safe to run again (nothing you edited is overwritten):
#   - Debian packages (python3-venv, libzbar0, cage and Chromium for the screen)
#   - a system user `byabutik` (groups gpio, dialout, input, video) and `byabutik-kiosk`
#   - /opt/byabutik/venv with only the controller's extras
#   - /etc/byabutik/controller.toml and the identity hash key, mode 0600
#   - udev rules for barcode scanners, journald limits, the boot line that keeps the lock relay off
#   - the systemd units (controller, kiosk screen, backups), enabled
#   - optionally a read-only root (overlay) with the data on its own partition
#
# --root DIR installs into another root (a mounted SD card, a test's Debian tree): packages and
# the virtual environment are made inside it with chroot. --no-chroot also skips those two steps
# (they print what they would run): the files, users and units are still made in DIR.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE=$(dirname "$HERE")
ROOT=/
CHROOT=1
LOCK_PIN=17
LOCK_LEVEL=dl
SCREEN=checkout
READ_ONLY_ROOT=0
DATA_DEVICE=
SERVICE_USER=byabutik
KIOSK_USER=byabutik-kiosk
STORE_UNITS=(byabutik-controller.service byabutik-backup.service byabutik-backup.timer)
ENABLE_UNITS=(byabutik-controller.service byabutik-backup.timer)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'install-store: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --lock-pin) LOCK_PIN=${2:?--lock-pin needs a BCM pin number}; shift ;;
        --lock-active-low) LOCK_LEVEL=dh ;;
        --screen) SCREEN=${2:?--screen needs checkout, door or none}; shift ;;
        --read-only-root) READ_ONLY_ROOT=1 ;;
        --data-device) DATA_DEVICE=${2:?--data-device needs a block device}; shift ;;
        --root) ROOT=${2:?--root needs a folder}; shift ;;
        --no-chroot) CHROOT=0 ;;
        -h | --help) usage ;;
        *) die "unknown option $1 (--help lists them)" ;;
    esac
    shift
done

[ "$(id -u)" -eq 0 ] || die "run as root (sudo $0 ...)"
if ! [[ $LOCK_PIN =~ ^[0-9]+$ ]] || [ "$LOCK_PIN" -gt 27 ]; then
    die "--lock-pin must be a BCM GPIO 0-27"
fi
case "$SCREEN" in checkout | door | none) ;; *) die "--screen must be checkout, door or none" ;; esac
if [ "$READ_ONLY_ROOT" -eq 1 ] && [ -z "$DATA_DEVICE" ]; then
    die "--read-only-root needs --data-device (the partition where sales are kept)"
fi
[ -d "$ROOT" ] || die "--root $ROOT is not a folder"
ROOT=$(cd "$ROOT" && pwd)
T=${ROOT%/}  # the target root as a prefix: "" on the Pi itself

# The optimized bytecode (no docstrings or asserts) that the controller's unit runs on.
COMPILE_OPTIMIZED='import compileall, sysconfig
for name in ("purelib", "stdlib"):
    compileall.compile_dir(sysconfig.get_path(name), quiet=2, optimize=2)'

# Run a command in the target root: directly on the Pi, by chroot in another root.
in_target() {
    if [ "$T" = "" ]; then
        "$@"
    elif [ "$CHROOT" -eq 1 ]; then
        chroot "$ROOT" "$@"
    else
        say "skipped (--no-chroot): $*"
    fi
}

# Copy a file unless the target has one (an operator's edits are kept).
install_new() {
    local mode=$1 owner=$2 from=$3 to=$T$4
    if [ -e "$to" ]; then
        say "kept $4 (exists)"
        return 0
    fi
    install -D -m "$mode" "$from" "$to"
    chown_target "$owner" "$to"
}

# chown by the target's user database (the same names map to other ids in another root).
chown_target() {
    local owner=$1 path=$2 uid gid
    uid=$(awk -F: -v u="${owner%%:*}" '$1 == u { print $3 }' "$T/etc/passwd")
    gid=$(awk -F: -v g="${owner##*:}" '$1 == g { print $3 }' "$T/etc/group")
    if [ -z "$uid" ] || [ -z "$gid" ]; then die "no user or group $owner in $ROOT/etc"; fi
    chown "$uid:$gid" "$path"
}

packages() {
    say "Debian packages"
    # gcc and the headers build evdev (keyboard-mode scanners), which PyPI ships as source only
    local wanted=(python3 python3-venv python3-pip python3-dev gcc linux-libc-dev libzbar0
        ca-certificates sqlite3 curl)
    if [ "$SCREEN" != none ]; then wanted+=(cage chromium fonts-dejavu-core); fi
    in_target env DEBIAN_FRONTEND=noninteractive apt-get update -q
    in_target env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${wanted[@]}"
}

users() {
    say "users $SERVICE_USER and $KIOSK_USER"
    local group
    for group in gpio dialout input video render; do
        grep -q "^$group:" "$T/etc/group" || groupadd --root "$ROOT" --system "$group"
    done
    if ! grep -q "^$SERVICE_USER:" "$T/etc/passwd"; then
        useradd --root "$ROOT" --system --user-group --home-dir /var/lib/byabutik \
            --no-create-home --shell /usr/sbin/nologin --groups gpio,dialout,input,video \
            "$SERVICE_USER"
    fi
    if [ "$SCREEN" != none ] && ! grep -q "^$KIOSK_USER:" "$T/etc/passwd"; then
        useradd --root "$ROOT" --system --user-group --create-home \
            --home-dir /var/lib/byabutik-kiosk --shell /usr/sbin/nologin \
            --groups video,render,input "$KIOSK_USER"
    fi
}

python_env() {
    say "the virtual environment /opt/byabutik/venv (controller extras only)"
    mkdir -p "$T/opt/byabutik/src"
    # The source as git has it, or without a developer's environment, caches and data.
    if git -C "$SOURCE" rev-parse --git-dir >/dev/null 2>&1; then
        git -C "$SOURCE" archive --format=tar HEAD | tar -C "$T/opt/byabutik/src" -xf -
    else
        tar -C "$SOURCE" --exclude=./.venv --exclude=./node_modules --exclude=./var \
            --exclude='./.*' --exclude='*.pyc' -cf - . | tar -C "$T/opt/byabutik/src" -xf -
    fi
    in_target python3 -m venv /opt/byabutik/venv
    in_target /opt/byabutik/venv/bin/pip install -q --no-cache-dir '/opt/byabutik/src[controller]'
    # The controller's unit runs with PYTHONOPTIMIZE=2 and may not write bytecode: compile that
    # bytecode now, for the venv's packages and the standard library (again on every upgrade).
    in_target /opt/byabutik/venv/bin/python -c "$COMPILE_OPTIMIZED"
}

configuration() {
    say "configuration in /etc/byabutik (0600)"
    install -d -m 0755 "$T/etc/byabutik"
    if [ ! -e "$T/etc/byabutik/controller.toml" ]; then
        install_new 0600 "$SERVICE_USER:$SERVICE_USER" "$HERE/controller.example.toml" \
            /etc/byabutik/controller.toml
        # the data where the service keeps it, for commands run by hand too (enroll, backup)
        sed -i 's|^data_dir = "var/controller".*|data_dir = "/var/lib/byabutik"|' \
            "$T/etc/byabutik/controller.toml"
    fi
    # The identity hash key: root's alone, handed to the service as a systemd credential.
    if [ ! -e "$T/etc/byabutik/identity-hash.key" ]; then
        (
            umask 077
            head -c 48 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' \
                >"$T/etc/byabutik/identity-hash.key"
            echo >>"$T/etc/byabutik/identity-hash.key"
        )
        say "made /etc/byabutik/identity-hash.key: keep a copy safe (docs/operator-guide.md)"
    fi
    install -d -m 0700 "$T/var/lib/byabutik" "$T/var/lib/byabutik/backups"
    chown_target "$SERVICE_USER:$SERVICE_USER" "$T/var/lib/byabutik"
    chown_target "$SERVICE_USER:$SERVICE_USER" "$T/var/lib/byabutik/backups"
}

system_files() {
    say "udev rules, journald limits, systemd units"
    install -D -m 0644 "$HERE/udev/60-byabutik-scanners.rules" \
        "$T/etc/udev/rules.d/60-byabutik-scanners.rules"
    install -D -m 0644 "$HERE/journald/byabutik.conf" \
        "$T/etc/systemd/journald.conf.d/byabutik.conf"
    local unit
    for unit in "${STORE_UNITS[@]}"; do
        install -D -m 0644 "$HERE/systemd/$unit" "$T/etc/systemd/system/$unit"
    done
    local enable=("${ENABLE_UNITS[@]}")
    if [ "$SCREEN" != none ]; then
        install -D -m 0755 "$HERE/kiosk/byabutik-kiosk" "$T/usr/local/bin/byabutik-kiosk"
        install -D -m 0644 "$HERE/systemd/byabutik-kiosk.service" \
            "$T/etc/systemd/system/byabutik-kiosk.service"
        printf 'BYABUTIK_KIOSK_URL=http://127.0.0.1:8080/%s\n' \
            "$([ "$SCREEN" = door ] && echo door || echo kiosk)" >"$T/etc/byabutik/kiosk.env.new"
        if [ -e "$T/etc/byabutik/kiosk.env" ]; then
            rm "$T/etc/byabutik/kiosk.env.new"
        else
            mv "$T/etc/byabutik/kiosk.env.new" "$T/etc/byabutik/kiosk.env"
        fi
        enable+=(byabutik-kiosk.service)
    fi
    if [ "$T" = "" ]; then
        systemctl daemon-reload
        systemctl enable "${enable[@]}"
        udevadm control --reload || true
    else
        systemctl --root="$ROOT" enable "${enable[@]}"
    fi
}

# The lock relay pin is driven off from the first moments of boot, before Linux or Byabutik run,
# and the kernel does not keep a crashed program's output level (docs/operator-guide.md).
boot_config() {
    local config=$T/boot/firmware/config.txt marker="# byabutik: lock relay off from boot"
    [ -e "$config" ] || { [ -e "$T/boot/config.txt" ] && config=$T/boot/config.txt; }
    say "boot pin state: gpio=$LOCK_PIN=op,$LOCK_LEVEL in ${config#"$T"}"
    mkdir -p "$(dirname "$config")"
    touch "$config"
    if grep -qF "$marker" "$config"; then
        # Replace our block (the pin or its level may have changed).
        sed -i "/^$marker\$/,+2d" "$config"
    fi
    printf '%s\ngpio=%s=op,%s\ndtparam=strict_gpiod\n' "$marker" "$LOCK_PIN" "$LOCK_LEVEL" \
        >>"$config"
    # No console blanking under the kiosk.
    local cmdline
    cmdline=$(dirname "$config")/cmdline.txt
    if [ -e "$cmdline" ] && ! grep -q 'consoleblank=0' "$cmdline"; then
        sed -i '1 s/$/ consoleblank=0/' "$cmdline"
    fi
}

data_partition() {
    [ -n "$DATA_DEVICE" ] || return 0
    say "data partition $DATA_DEVICE on /var/lib/byabutik"
    local line="$DATA_DEVICE /var/lib/byabutik ext4 defaults,noatime,commit=5 0 2"
    grep -qF "$line" "$T/etc/fstab" 2>/dev/null || echo "$line" >>"$T/etc/fstab"
}

read_only_root() {
    [ "$READ_ONLY_ROOT" -eq 1 ] || return 0
    say "read-only root (overlay): the data stays writable on its own partition"
    in_target raspi-config nonint do_overlayfs 0 ||
        die "raspi-config could not switch the overlay on (Raspberry Pi OS only)"
}

packages
users
python_env
configuration
system_files
boot_config
data_partition
read_only_root
say "done: edit /etc/byabutik/controller.toml, run 'byabutik controller doctor', then reboot"
