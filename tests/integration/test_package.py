"""The Debian package: configure a scratch build of this tree with
-DCMAKE_INSTALL_PREFIX=/usr (BUILD/package-scratch, kept between runs so a
rerun only rebuilds what changed; the main build is left alone), run
`cpack -G DEB`, check the control data (name, version from the project,
Depends from dpkg-shlibdeps, conffiles, maintainer scripts), extract it
with `dpkg-deb -x` into a scratch root and check the layout, then run the
extracted daemon on the extracted config.

The extracted binaries have /usr paths compiled in (the default config,
the plugin folder): they are checked, but a daemon run from the scratch
root is given --plugin-dir ROOT/usr/lib/<multiarch>/textpipe/plugins,
since nothing is installed in /usr. Skips (77) when cpack, dpkg-deb or
dpkg-shlibdeps (dpkg-dev) is missing."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import tpharness as h  # noqa: E402

SCRATCH = os.path.join(h.BUILD, "package-scratch")


def run(cmd, check=True, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if check:
        assert r.returncode == 0, f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
    return r


def project_version():
    with open(os.path.join(h.SOURCE, "CMakeLists.txt")) as f:
        m = re.search(r"project\(textpipe VERSION (\S+)", f.read())
    return m.group(1)


def build_package():
    # No -Werror: this is the release build of whatever the tree holds.
    run(["cmake", "-S", h.SOURCE, "-B", SCRATCH, "-DCMAKE_INSTALL_PREFIX=/usr",
         "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DTP_WERROR=OFF", "-DTP_SANITIZE=OFF",
         "-DTP_FUZZ=OFF", "-DTP_SYSTEMD_UNIT_DIR="])
    # niced: ctest runs timing-sensitive daemon tests beside this build.
    run(["nice", "-n", "10", "cmake", "--build", SCRATCH, f"-j{os.cpu_count() or 2}"])
    for old in glob.glob(os.path.join(SCRATCH, "*.deb")):
        os.unlink(old)
    run(["nice", "-n", "10", "cpack", "-G", "DEB"], cwd=SCRATCH)
    debs = glob.glob(os.path.join(SCRATCH, "*.deb"))
    assert len(debs) == 1, debs
    return debs[0]


def control_fields(deb):
    text = run(["dpkg-deb", "-f", deb]).stdout
    fields, key = {}, None
    for line in text.splitlines():
        if line.startswith(" ") and key:
            fields[key] += "\n" + line
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def check_control(deb, arch):
    version = project_version()
    assert os.path.basename(deb) == f"textpipe_{version}-1_{arch}.deb", deb
    f = control_fields(deb)
    assert f["Package"] == "textpipe"
    assert f["Version"] == f"{version}-1", f["Version"]
    assert f["Architecture"] == arch
    assert f.get("Maintainer") and f.get("Section") and f.get("Description")
    depends = [d.strip().split()[0] for d in f["Depends"].split(",")]
    for lib in ("libc6", "libuv1", "libzmq5", "libmsgpackc2", "libinih1", "libjansson4", "adduser"):
        assert lib in depends, f"Depends lacks {lib}: {f['Depends']}"
    assert not any(d.endswith("-dev") for d in depends), f["Depends"]
    print(f"ok control: Depends: {f['Depends']}")

    ctl = tempfile.mkdtemp(prefix="tp-deb-control-")
    try:
        run(["dpkg-deb", "-e", deb, ctl])
        with open(os.path.join(ctl, "conffiles")) as fh:
            conffiles = fh.read().split()
        expected = sorted("/etc/textpipe/" + os.path.basename(p)
                          for p in glob.glob(os.path.join(h.SOURCE, "conf/*.conf")))
        assert sorted(conffiles) == expected, (conffiles, expected)
        for script in ("postinst", "prerm", "postrm"):
            path = os.path.join(ctl, script)
            assert os.access(path, os.X_OK), f"{script} is not executable"
            run(["sh", "-n", path])
        with open(os.path.join(ctl, "postinst")) as fh:
            postinst = fh.read()
        assert re.search(r"addgroup --system .*\btextpipe\b", postinst)
        assert "[ -d /run/systemd/system ]" in postinst and "daemon-reload" in postinst
        check_postinst_runs(os.path.join(ctl, "postinst"))
        print(f"ok conffiles {conffiles} and maintainer scripts")
    finally:
        shutil.rmtree(ctl, ignore_errors=True)


def check_postinst_runs(postinst):
    """Run the postinst with getent, addgroup and systemctl replaced by
    stubs that log their arguments: it must create the group when it is
    missing, leave it alone when it exists, and call systemctl only when
    systemd runs (never here, where it is not PID 1)."""
    stubs = tempfile.mkdtemp(prefix="tp-postinst-")
    try:
        log = os.path.join(stubs, "calls")
        for name, status in (("getent", "${GETENT_STATUS:-2}"), ("addgroup", "0"),
                             ("systemctl", "0")):
            with open(os.path.join(stubs, name), "w") as f:
                f.write(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit {status}\n')
            os.chmod(os.path.join(stubs, name), 0o755)
        for getent_status, want_addgroup in (("2", True), ("0", False)):
            if os.path.exists(log):
                os.unlink(log)
            env = dict(os.environ, PATH=f"{stubs}:/usr/bin:/bin", GETENT_STATUS=getent_status)
            run(["sh", postinst, "configure", ""], env=env)
            with open(log) as f:
                calls = f.read().splitlines()
            assert calls[0] == "getent group textpipe", calls
            assert ("addgroup --system --quiet textpipe" in calls) == want_addgroup, calls
            if not os.path.isdir("/run/systemd/system"):
                assert not any(c.startswith("systemctl") for c in calls), calls
    finally:
        shutil.rmtree(stubs, ignore_errors=True)


def expected_paths(multiarch):
    paths = [
        "usr/bin/textpiped",
        "usr/bin/textpipe",
        "usr/include/textpipe/tp_plugin.h",
        f"usr/lib/{multiarch}/pkgconfig/textpipe-plugin.pc",
        "etc/textpipe/textpiped.conf",
        "lib/systemd/system/textpiped.service",
        "usr/share/doc/textpipe/PROTOCOL.md",
        "usr/share/doc/textpipe/README.md",
        "usr/share/man/man8/textpiped.8.gz",
        "usr/share/man/man5/textpiped.conf.5.gz",
        "usr/share/man/man1/textpipe.1.gz",
    ]
    # Every stage plugin this tree builds, and every stage's data files.
    for so in glob.glob(os.path.join(SCRATCH, "plugins", "*.so")):
        paths.append(f"usr/lib/{multiarch}/textpipe/plugins/{os.path.basename(so)}")
    for conf in glob.glob(os.path.join(h.SOURCE, "conf", "*.conf")):
        paths.append("etc/textpipe/" + os.path.basename(conf))
    for data in glob.glob(os.path.join(h.SOURCE, "plugins", "*", "data")):
        stage = os.path.basename(os.path.dirname(data))
        for dirpath, _, files in os.walk(data):
            for name in files:
                rel = os.path.relpath(os.path.join(dirpath, name), data)
                paths.append(f"usr/share/textpipe/{stage}/{rel}")
    for page in glob.glob(os.path.join(h.SOURCE, "docs", "man", "*.[1-8]")):
        section = page.rsplit(".", 1)[1]
        paths.append(f"usr/share/man/man{section}/{os.path.basename(page)}.gz")
    return paths


def check_layout(root, multiarch):
    for rel in expected_paths(multiarch):
        assert os.path.isfile(os.path.join(root, rel)), f"missing from the package: /{rel}"
    assert "usr/lib/%s/textpipe/plugins/tokenize.so" % multiarch in expected_paths(multiarch)
    # Nothing outside the Debian folders, no /usr/local, no build paths.
    for top in os.listdir(root):
        assert top in ("etc", "lib", "usr"), f"unexpected /{top} in the package"
    assert not os.path.exists(os.path.join(root, "usr/local"))
    for exe in ("usr/bin/textpiped", "usr/bin/textpipe"):
        assert os.access(os.path.join(root, exe), os.X_OK), exe
    print(f"ok layout ({len(expected_paths(multiarch))} files)")


def check_daemon(root, multiarch):
    daemon = os.path.join(root, "usr/bin/textpiped")
    conf = os.path.join(root, "etc/textpipe/textpiped.conf")
    plugins = os.path.join(root, f"usr/lib/{multiarch}/textpipe/plugins")

    # Compiled-in paths point at the installed layout.
    help_text = run([daemon, "--help"]).stdout
    assert "/etc/textpipe/textpiped.conf" in help_text, help_text
    r = run([daemon, "--check-config", "-c", conf], check=False)
    installed = f"/usr/lib/{multiarch}/textpipe/plugins"
    assert r.returncode == 0 or installed in r.stderr, r.stderr

    # The extracted daemon accepts the extracted config (plugins from the
    # scratch root: see the module docstring).
    r = run([daemon, "--check-config", "-c", conf, "--plugin-dir", plugins])
    assert "config OK" in r.stdout, r.stdout
    print(f"ok {r.stdout.strip()}")

    # And it runs on it: one document in, one result out.
    h.TEXTPIPED = daemon
    d = h.Daemon("--plugin-dir", plugins, config=conf, stages=None)
    try:
        c = h.Client(d)
        c.send({"id": "pkg-1", "text": "The package runs. It says so."})
        while True:
            got = c.recv(timeout_ms=10000)
            assert got, "no result from the packaged daemon"
            if got[1].get("id") == "pkg-1":
                break
        assert got[0] == "result", got
        c.close()
        assert d.stop() == 0
    finally:
        d.kill()
    print("ok the extracted daemon published a result")


def main():
    for tool in ("cpack", "dpkg-deb", "dpkg-shlibdeps", "dpkg-architecture"):
        if not shutil.which(tool):
            print(f"SKIP: {tool} is not installed (apt-get install cmake dpkg-dev)")
            return 77
    arch = run(["dpkg-architecture", "-qDEB_HOST_ARCH"]).stdout.strip()
    multiarch = run(["dpkg-architecture", "-qDEB_HOST_MULTIARCH"]).stdout.strip()
    host_etc = os.path.exists("/etc/textpipe")

    deb = build_package()
    # CPack must stage everything, never install into the build machine.
    assert os.path.exists("/etc/textpipe") == host_etc, "cpack wrote to the host's /etc"
    check_control(deb, arch)
    root = tempfile.mkdtemp(prefix="tp-deb-root-")
    try:
        run(["dpkg-deb", "-x", deb, root])
        check_layout(root, multiarch)
        check_daemon(root, multiarch)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
