"""`textpipe ping` and `textpipe stats` against the real daemon's control
socket (counts after documents, the config generation after a reload, the
per-stage table, --json, exit 3 once the daemon is gone, an ipc://
endpoint from $TEXTPIPE_CONTROL), and against a fake REP server in Python
that answers what a daemon never should (not MessagePack, not a map, two
frames, {ok: false}, a field of the wrong type, another stats version):
each is a "bad reply", exit 1, one line on stderr, never a crash. With
[security] CURVE, only a client with an authorized key gets answers.
Synchronised on replies and results, never on sleeps."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
import tpharness as h  # noqa: E402
from tpharness import msgpack, zmq  # noqa: E402


def client(*args, env=None, timeout=30):
    e = dict(os.environ)
    e.pop("TEXTPIPE_CONTROL", None)
    e.update(env or {})
    return subprocess.run([h.TEXTPIPE, *args], capture_output=True, text=True,
                          env=e, timeout=timeout * h.SLOW)


def ok(r):
    assert r.returncode == 0, f"exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r


class FakeDaemon:
    """A REP socket that answers every request with `reply(request)`: a
    list of frames (bytes), or a MessagePack-able object."""

    def __init__(self, reply):
        self.ctx = zmq.Context()
        self.rep = self.ctx.socket(zmq.REP)
        self.rep.setsockopt(zmq.LINGER, 0)
        port = self.rep.bind_to_random_port("tcp://127.0.0.1")
        self.endpoint = f"tcp://127.0.0.1:{port}"
        self.reply = reply
        self.requests = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            if not self.rep.poll(50):
                continue
            request = self.rep.recv()
            self.requests.append(request)
            answer = self.reply(request)
            if isinstance(answer, list):
                self.rep.send_multipart(answer)
            else:
                self.rep.send(msgpack.packb(answer, use_bin_type=True))

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.rep.close(0)
        self.ctx.term()


def good_stats():
    return {"v": 1, "ok": True, "daemon": "0123456789abcdef", "version": "0.1.0",
            "uptime_s": 93784.5, "generation": 3, "workers": 4, "in_flight": 2,
            "max_inflight": 128, "paused": True, "paused_s": 1.5, "received": 100,
            "published": 98, "failed": {"too_large": 2, "bad_input": 1},
            "future_field": [1, 2],
            "stages": [{"name": "tokenize", "version": "1.0.0", "documents": 98,
                        "failures": 0, "p50_us": 120, "p90_us": 900,
                        "p99_us": 15000, "max_us": 2500000}]}


def test_fake_good():
    fake = FakeDaemon(lambda req: good_stats() if req == b"stats" else
                      {"ok": True, "daemon": "0123456789abcdef", "version": "0.1.0",
                       "uptime_s": 5.0})
    try:
        r = ok(client("ping", "-e", fake.endpoint))
        assert "0123456789abcdef" in r.stdout and "0.1.0" in r.stdout, r.stdout
        r = ok(client("stats", env={"TEXTPIPE_CONTROL": fake.endpoint}))
        out = r.stdout
        for needle in ("generation 3", "1d 02:03:04", "2 of 128", "backpressure",
                       "100 received", "98 published", "3 failed", "too_large",
                       "tokenize", "120 us", "900 us", "15.0 ms", "2.50 s"):
            assert needle in out, f"{needle!r} not in:\n{out}"
        r = ok(client("stats", "-e", fake.endpoint, "--json"))
        assert r.stdout.count("\n") == 1
        assert json.loads(r.stdout) == good_stats()  # unknown fields kept
        assert fake.requests[:3] == [b"ping", b"stats", b"stats"], fake.requests
    finally:
        fake.close()
    print("ok fake daemon: ping, stats table, stats --json")


BAD_REPLIES = [
    ("not MessagePack", lambda req: [b"\xc1"]),
    ("not a map", lambda req: [msgpack.packb([1, 2, 3])]),
    ("two frames", lambda req: [msgpack.packb(good_stats()), b"x"]),
    ("refused", lambda req: {"ok": False, "error": "unknown request 'stats'"}),
    ("wrong type", lambda req: dict(good_stats(), received="many")),
    ("missing field", lambda req: {k: v for k, v in good_stats().items() if k != "stages"}),
    ("bad stage row", lambda req: dict(good_stats(), stages=[{"name": "x"}])),
    ("bad failed map", lambda req: dict(good_stats(), failed={"x": -1})),
    ("version 2", lambda req: dict(good_stats(), v=2)),
    ("trailing bytes", lambda req: [msgpack.packb(good_stats()) + b"\x00"]),
]


def test_fake_bad():
    for name, reply in BAD_REPLIES:
        fake = FakeDaemon(reply)
        try:
            for args in (["stats"], ["stats", "--json"]):
                r = client(*args, "-e", fake.endpoint)
                assert r.returncode == 1, f"{name} {args}: exit {r.returncode}\n{r.stdout}{r.stderr}"
                assert r.stdout == "", f"{name} {args}: printed {r.stdout!r}"
                lines = r.stderr.strip().splitlines()
                assert len(lines) == 1 and lines[0].startswith("textpipe stats: "), r.stderr
        finally:
            fake.close()
    fake = FakeDaemon(lambda req: {"ok": False, "error": "unknown request 'ping'"})
    try:
        r = client("ping", "-e", fake.endpoint)
        assert r.returncode == 1 and "unknown request 'ping'" in r.stderr, r.stderr
    finally:
        fake.close()
    print(f"ok {len(BAD_REPLIES)} bad replies: exit 1, one line on stderr")


def test_usage_and_timeouts():
    for args in (["ping", "--json"], ["stats", "--timeout", "0"], ["stats", "--timeout", "x"],
                 ["ping", "extra"], ["stats", "--bogus"], ["ping", "-e", "nonsense://x"]):
        r = client(*args)
        assert r.returncode == 2, f"{args}: {r.returncode} {r.stderr}"
    for cmd in ("ping", "stats"):
        r = ok(client(cmd, "--help"))
        assert "Exit:" in r.stdout and "TEXTPIPE_CONTROL" in r.stdout
    r = ok(client("--help"))
    assert "stats" in r.stdout and "ping" in r.stdout and "TEXTPIPE_CONTROL" in r.stdout
    # Nobody listening: exit 3 after the timeout.
    port = h.free_port()
    r = client("ping", "-e", f"tcp://127.0.0.1:{port}", "--timeout", "0.3")
    assert r.returncode == 3 and "no answer" in r.stderr, (r.returncode, r.stderr)
    # A REP that never answers is the same as a dead daemon.
    ctx = zmq.Context()
    silent = ctx.socket(zmq.REP)
    try:
        port = silent.bind_to_random_port("tcp://127.0.0.1")
        r = client("stats", "-e", f"tcp://127.0.0.1:{port}", "--timeout", "0.3")
        assert r.returncode == 3, (r.returncode, r.stderr)
    finally:
        silent.close(0)
        ctx.term()
    print("ok usage errors (2) and timeouts (3)")


def test_real_daemon():
    d = h.Daemon(stages="tokenize")
    try:
        r = ok(client("ping", "-e", d.control))
        daemon_id = r.stdout.split("daemon ")[1].split(",")[0]
        c = h.Client(d)  # sends probes until one comes back
        for i in range(5):
            c.send({"id": f"s-{i}", "text": f"Document {i}. It has two sentences."})
        c.send({"id": "bad", "text": 42})  # an error result
        seen = set()
        while len(seen) < 6:
            got = c.recv(timeout_ms=10000)
            assert got, "results missing"
            seen.add(got[1]["id"])
        # Published counts are updated before the next loop iteration
        # answers the control socket: the reply now includes them all.
        r = ok(client("stats", "--json", env={"TEXTPIPE_CONTROL": d.control}))
        st = json.loads(r.stdout)
        assert st["v"] == 1 and st["daemon"] == daemon_id
        assert st["received"] == st["published"] >= 6, st
        assert sum(st["failed"].values()) >= 1, st
        assert [s["name"] for s in st["stages"]] == ["tokenize"], st["stages"]
        assert st["stages"][0]["documents"] >= 5
        assert st["generation"] == 1 and st["workers"] >= 1
        r = ok(client("stats", "-e", d.control))
        assert "tokenize" in r.stdout and daemon_id in r.stdout, r.stdout

        # A reload makes a new generation.
        d.proc.send_signal(signal.SIGHUP)
        d.wait_log("reload", timeout=30 * h.SLOW)
        for _ in range(100):
            st = json.loads(ok(client("stats", "--json", "-e", d.control)).stdout)
            if st["generation"] == 2:
                break
            c.send({"id": "tick", "text": "tick"})
            c.recv(timeout_ms=5000)
        assert st["generation"] == 2, st
        c.close()
        assert d.stop() == 0
    finally:
        d.kill()
    r = client("ping", "-e", d.control, "--timeout", "0.3")
    assert r.returncode == 3, (r.returncode, r.stderr)
    print("ok real daemon: ping, stats counts, per-stage rows, generation after SIGHUP, 3 when gone")


def test_real_daemon_ipc():
    tmp = tempfile.mkdtemp(prefix="tp-control-")
    try:
        ep = f"ipc://{tmp}/control.sock"
        d = h.Daemon("--set", f"control.endpoint={ep}")
        try:
            r = ok(client("ping", env={"TEXTPIPE_CONTROL": ep}))
            assert "textpiped" in r.stdout
        finally:
            d.stop()
            d.kill()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok ipc:// control endpoint from $TEXTPIPE_CONTROL")


def test_real_daemon_curve():
    """With [security] on, the control socket is a CURVE server: a known
    client key gets answers, no CURVE or an unknown key gets none (3)."""
    if not zmq.has("curve"):
        print("skip CURVE: libzmq without CURVE")
        return
    tmp = tempfile.mkdtemp(prefix="tp-control-curve-")
    try:
        os.mkdir(os.path.join(tmp, "clients"))
        for prefix in ("server", "clients/ops"):
            ok(client("keygen", "-o", os.path.join(tmp, prefix)))
        conf = os.path.join(tmp, "textpiped.conf")
        with open(conf, "w") as f:
            f.write("[security]\ncurve_secret_key_file = server.key\n"
                    "curve_public_key_file = server.pub\nauthorized_keys_dir = clients\n")
        d = h.Daemon(config=conf)
        try:
            server_pub = os.path.join(tmp, "server.pub")
            r = ok(client("ping", "-e", d.control, "--curve-server-key", server_pub,
                          "--curve-key", os.path.join(tmp, "clients/ops")))
            assert "textpiped" in r.stdout
            ok(client("stats", "--json", "-e", d.control, "--curve-server-key", server_pub,
                      "--curve-key", os.path.join(tmp, "clients/ops")))
            for extra in ([], ["--curve-server-key", server_pub]):
                r = client("ping", "-e", d.control, "--timeout", "0.5", *extra)
                assert r.returncode == 3, (extra, r.returncode, r.stderr)
            r = client("ping", "-e", d.control, "--curve-key", os.path.join(tmp, "clients/ops"))
            assert r.returncode == 2, r.stderr
            r = client("ping", "-e", d.control, "--curve-server-key", os.path.join(tmp, "nope.pub"))
            assert r.returncode == 2, r.stderr
        finally:
            d.stop()
            d.kill()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok CURVE control socket: known key answered, no or unknown key 3")


if __name__ == "__main__":
    test_usage_and_timeouts()
    test_fake_good()
    test_fake_bad()
    test_real_daemon()
    test_real_daemon_ipc()
    test_real_daemon_curve()
