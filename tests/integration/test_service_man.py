"""The man pages say everything the programs accept: every key of the
daemon's config table (daemon/core/config.c) and of each stage's option
table (plugins/*/stage.c) is in textpiped.conf(5) under its section, every
long option of textpiped is in textpiped(8), every subcommand of textpipe
and every option its --help names is in textpipe(1). And the pages render
without a groff warning. Read from the source and the built programs, so
a new key or option without its documentation fails here."""
import glob
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import tpharness as h  # noqa: E402

MAN = os.path.join(h.SOURCE, "docs", "man")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def plain(roff):
    """Roff without escapes for hyphens and fonts, for searching."""
    text = roff.replace("\\-", "-").replace("\\(dq", '"')
    return re.sub(r"\\f[BIRP]", "", text)


def sections(page_text, level=".SH"):
    """{heading: body} of a page, split at `level` headings."""
    out, current = {}, None
    for line in page_text.splitlines():
        if line.startswith(level + " "):
            current = line[len(level) + 1:].strip().strip('"')
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return out


def check_groff():
    if not shutil.which("groff"):
        print("skip groff lint: groff not installed")
        return
    for page in sorted(glob.glob(os.path.join(MAN, "*.[1-8]"))):
        r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page],
                           capture_output=True, text=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
        assert r.returncode == 0 and not r.stderr.strip(), f"{page}:\n{r.stderr}"
    print("ok groff -ww: no warnings")


def check_conf_page():
    page = plain(read(os.path.join(MAN, "textpiped.conf.5")))
    by_section = sections(page)
    by_stage = sections(page, ".SS")
    config_c = read(os.path.join(h.SOURCE, "daemon/core/config.c"))
    table = config_c[config_c.index("config_keys[] = {"):]
    table = table[:table.index("};")]
    keys = re.findall(r'\{"(\w+)",\s*"(\w+)"', table)
    assert len(keys) >= 18, keys
    for section, key in keys:
        body = by_section.get(f"[{section}]")
        assert body is not None, f"textpiped.conf(5) has no section [{section}]"
        assert re.search(rf"^\.BR {key} ", body, re.M), f"[{section}] {key} is not in textpiped.conf(5)"
    n_options = 0
    for stage_c in sorted(glob.glob(os.path.join(h.SOURCE, "plugins", "*", "stage.c"))):
        stage = os.path.basename(os.path.dirname(stage_c))
        src = read(stage_c)
        m = re.search(r"tp_option_def \w+\[\] = \{(.*?)\n\s*\{NULL", src, re.S)
        if not m:
            continue
        body = by_stage.get(f"[stage.{stage}]")
        assert body is not None, f"textpiped.conf(5) has no [stage.{stage}]"
        for option in re.findall(r'\{\s*"(\w+)",\s*TP_OPT_', m.group(1)):
            assert re.search(rf"^\.BR {option} ", body, re.M), \
                f"[stage.{stage}] {option} is not in textpiped.conf(5)"
            n_options += 1
    print(f"ok textpiped.conf(5): {len(keys)} daemon keys, {n_options} stage options")


def check_daemon_page():
    page = plain(read(os.path.join(MAN, "textpiped.8")))
    main_c = read(os.path.join(h.SOURCE, "daemon/main.c"))
    longopts = re.findall(r'\{"([a-z-]+)",\s*(?:no|required|optional)_argument', main_c)
    assert "check-config" in longopts, longopts
    for opt in longopts:
        assert f"--{opt}" in page, f"textpiped --{opt} is not in textpiped(8)"
    for needle in ("SIGHUP", "SIGTERM", "EXIT STATUS", "/etc/textpipe/textpiped.conf",
                   "READY=1", "WATCHDOG=1", "control.sock", "/metrics"):
        assert needle in page, f"{needle} is not in textpiped(8)"
    print(f"ok textpiped(8): {len(longopts)} options")


def check_client_page():
    page = plain(read(os.path.join(MAN, "textpipe.1")))
    by_command = sections(page, ".SS")
    main_c = read(os.path.join(h.SOURCE, "tools/textpipe/main.c"))
    table = main_c[main_c.index("subcommands[] = {"):]
    commands = re.findall(r'\{"([a-z-]+)",\s*cmd_', table[:table.index("};")])
    assert {"send", "watch", "analyze", "stats", "ping"} <= set(commands), commands
    n = 0
    for cmd in commands:
        assert cmd in by_command, f"textpipe {cmd} has no section in textpipe(1)"
        r = subprocess.run([h.TEXTPIPE, cmd, "--help"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        for opt in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", r.stdout))):
            assert opt in page, f"textpipe {cmd} {opt} is not in textpipe(1)"
            n += 1
    for env in ("TEXTPIPE_INPUT", "TEXTPIPE_OUTPUT", "TEXTPIPE_CONTROL"):
        assert env in page, env
    print(f"ok textpipe(1): {len(commands)} commands, {n} options")


if __name__ == "__main__":
    check_groff()
    check_conf_page()
    check_daemon_page()
    check_client_page()
