"""The systemd unit, as installed by `cmake --install BUILD --prefix /usr`
into a scratch DESTDIR: `systemd-analyze verify --man=no --root=` passes,
`systemd-analyze security --offline=yes --root=` scores an exposure of 2.0
or less, and the settings the daemon and the package rely on are there
(Type=notify, a watchdog, a stop timeout longer than the drain, the group
the package creates, the runtime folder for ipc:// endpoints).

systemd is not PID 1 here, so the unit is only analysed, never started.
A DESTDIR holds our files only; verify also needs what a Debian system
has (the targets of the default dependencies, /bin/kill for ExecReload),
so the analysed root is the DESTDIR plus a copy of the host's units and
kill. Skips (77) only when systemd-analyze is absent."""
import configparser
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import tpharness as h  # noqa: E402

UNIT = "textpiped.service"


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def unit_settings(path):
    """[Section] -> {key: [values...]} (a key may repeat, e.g. SystemCallFilter)."""
    sections, current = {}, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                current = sections.setdefault(line.strip("[]"), {})
                continue
            key, _, value = line.partition("=")
            current.setdefault(key.strip(), []).append(value.strip())
    return sections


def seconds(value):
    m = re.fullmatch(r"(\d+)(ms|s|min)?", value)
    assert m, f"unexpected time span {value!r}"
    n = int(m.group(1))
    return {"ms": n / 1000, None: n, "s": n, "min": n * 60}[m.group(2)]


def install(dest):
    env = dict(os.environ, DESTDIR=dest)
    r = run(["cmake", "--install", h.BUILD, "--prefix", "/usr"], env=env)
    assert r.returncode == 0, f"cmake --install failed:\n{r.stdout}\n{r.stderr}"


def make_analysis_root(dest):
    """Add to the DESTDIR what a Debian system it is installed on has."""
    units = os.path.join(dest, "lib/systemd/system")
    for name in os.listdir("/lib/systemd/system"):
        target = os.path.join(units, name)
        if not os.path.lexists(target):
            src = os.path.join("/lib/systemd/system", name)
            if os.path.islink(src):
                os.symlink(os.readlink(src), target)
            elif os.path.isdir(src):
                shutil.copytree(src, target, symlinks=True)
            else:
                shutil.copy2(src, target)
    os.makedirs(os.path.join(dest, "bin"), exist_ok=True)
    shutil.copy2(shutil.which("kill") or "/bin/kill", os.path.join(dest, "bin/kill"))


def check_settings(unit_path, dest):
    s = unit_settings(unit_path)
    svc = s["Service"]
    one = {k: v[-1] for k, v in svc.items()}
    assert one["Type"] == "notify", one["Type"]
    assert one["NotifyAccess"] == "main"
    assert one["ExecStart"].split()[0] == "/usr/bin/textpiped", one["ExecStart"]
    assert "/etc/textpipe/textpiped.conf" in one["ExecStart"]
    assert re.search(r"kill -HUP \$MAINPID$", one["ExecReload"]), one["ExecReload"]
    assert seconds(one["WatchdogSec"]) > 0
    assert one["DynamicUser"] == "yes"
    assert one["RuntimeDirectory"] == "textpipe"
    assert one["RuntimeDirectoryMode"] == "0750"
    assert one["UMask"] == "0007"
    assert one["CapabilityBoundingSet"] == ""
    assert one["NoNewPrivileges"] == "yes"
    assert one["ProtectSystem"] == "strict"
    assert "SystemCallFilter" in svc and "RestrictAddressFamilies" in svc
    assert s["Install"]["WantedBy"] == ["multi-user.target"]
    # verify runs with --man=no: check the pages Documentation= names here.
    for name, section in re.findall(r"man:([\w.-]+)\((\d)\)", " ".join(s["Unit"]["Documentation"])):
        page = os.path.join(dest, f"usr/share/man/man{section}/{name}.{section}.gz")
        assert os.path.isfile(page), f"Documentation= names {name}({section}), not installed"

    # The group that owns /run/textpipe and the sockets in it is the one
    # the package's postinst creates.
    group = one.get("Group") or one.get("SupplementaryGroups")
    assert group == "textpipe", group
    with open(os.path.join(h.SOURCE, "packaging/debian/postinst")) as f:
        postinst = f.read()
    assert re.search(r"addgroup --system .*\btextpipe\b", postinst), "postinst does not create the group"

    # TimeoutStopSec covers the drain and the linger of the installed config
    # (the daemon's defaults where the config leaves them out).
    conf = configparser.ConfigParser(inline_comment_prefixes=("#", ";"))
    conf.read(os.path.join(dest, "etc/textpipe/textpiped.conf"))
    drain_ms = conf.getint("daemon", "drain_timeout_ms", fallback=10000)
    linger_ms = conf.getint("daemon", "linger_ms", fallback=2000)
    stop_s = seconds(one["TimeoutStopSec"])
    assert stop_s > (drain_ms + linger_ms) / 1000, (stop_s, drain_ms, linger_ms)
    print(f"ok settings (TimeoutStopSec {stop_s}s > drain {drain_ms} ms + linger {linger_ms} ms)")


def check_verify(dest, unit_path):
    r = run(["systemd-analyze", "verify", "--man=no", f"--root={dest}", unit_path])
    assert r.returncode == 0, f"systemd-analyze verify failed:\n{r.stdout}{r.stderr}"
    assert "textpiped" not in r.stderr, r.stderr
    # The check has teeth: without the daemon binary the same call fails.
    daemon = os.path.join(dest, "usr/bin/textpiped")
    os.rename(daemon, daemon + ".away")
    try:
        r = run(["systemd-analyze", "verify", "--man=no", f"--root={dest}", unit_path])
        assert r.returncode != 0 and "textpiped" in r.stderr, r.stderr
    finally:
        os.rename(daemon + ".away", daemon)
    print("ok systemd-analyze verify")


def check_security(dest):
    r = run(["systemd-analyze", "security", "--offline=yes", f"--root={dest}", UNIT])
    m = re.search(r"Overall exposure level for textpiped\.service: (\d+(?:\.\d+)?)", r.stdout)
    assert m, f"no exposure line (rc {r.returncode}):\n{r.stdout}{r.stderr}"
    score = float(m.group(1))
    assert score <= 2.0, f"exposure {score} > 2.0:\n{r.stdout}"
    print(f"ok systemd-analyze security: exposure {score}")


def check_ipc_umask():
    """Under UMask=0007 an ipc:// socket textpiped binds is group read-write,
    so members of the unit's group can connect (the reason for the UMask)."""
    tmp = tempfile.mkdtemp(prefix="tp-ipc-")
    try:
        path = os.path.join(tmp, "in.sock")
        old = os.umask(0o007)
        try:
            d = h.Daemon("--input", f"ipc://{path}")
        finally:
            os.umask(old)
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
            assert stat.S_ISSOCK(os.stat(path).st_mode)
            assert mode & 0o060 == 0o060 and mode & 0o007 == 0, oct(mode)
        finally:
            d.stop()
            d.kill()
        print(f"ok ipc socket mode {oct(mode)} under UMask=0007")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if not shutil.which("systemd-analyze"):
        print("SKIP: systemd-analyze is not installed (apt-get install systemd)")
        return 77
    dest = tempfile.mkdtemp(prefix="tp-destdir-")
    try:
        install(dest)
        unit_path = os.path.join(dest, "lib/systemd/system", UNIT)
        assert os.path.isfile(unit_path), "the unit is not in /lib/systemd/system"
        check_settings(unit_path, dest)
        make_analysis_root(dest)
        check_verify(dest, unit_path)
        check_security(dest)
    finally:
        shutil.rmtree(dest, ignore_errors=True)
    check_ipc_umask()
    return 0


if __name__ == "__main__":
    sys.exit(main())
