"""Helpers for integration tests: start a real textpiped on free loopback
ports, wait for its "ready" line, and talk to it over real ZeroMQ sockets.
Tests synchronise on messages (log lines, results), never on sleeps."""
import os
import socket
import subprocess
import sys
import threading
import time

try:
    import msgpack
    import zmq
except ImportError as e:  # pragma: no cover
    print(f"SKIP: {e} (apt-get install python3-zmq python3-msgpack; run with /usr/bin/python3)")
    sys.exit(77)

BUILD = os.environ.get("TP_BUILD_DIR", os.path.join(os.path.dirname(__file__), "../../build"))
SOURCE = os.environ.get("TP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
TEST_PLUGINS = os.environ.get("TP_TEST_PLUGIN_DIR", os.path.join(BUILD, "tests/plugins"))
PLUGINS = os.environ.get("TP_PLUGIN_DIR", os.path.join(BUILD, "plugins"))
SHARED = os.environ.get("TP_SHARED_DIR", os.path.join(SOURCE, "../shared"))
TEXTPIPED = os.path.join(BUILD, "bin", "textpiped")
TEXTPIPE = os.path.join(BUILD, "bin", "textpipe")
# Under valgrind or sanitizers everything is slower: scale timeouts.
SLOW = float(os.environ.get("TP_TEST_SLOWNESS", "1"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """A textpiped process. Its stderr is collected line by line."""

    def __init__(self, *args, stages="passthrough", config=None, extra_env=None,
                 wrapper=None, wait_ready=True, ports=None):
        # ports=(input, output) restarts a daemon where an earlier one was
        self.in_port, self.out_port = ports or (free_port(), free_port())
        self.control_port = free_port()
        self.input = f"tcp://127.0.0.1:{self.in_port}"
        self.output = f"tcp://127.0.0.1:{self.out_port}"
        self.control = f"tcp://127.0.0.1:{self.control_port}"
        cmd = list(wrapper or []) + [TEXTPIPED]
        # Always a config of the test's own (an empty one = the defaults):
        # an installed /etc/textpipe/textpiped.conf must not leak in.
        cmd += ["-c", config or os.devnull]
        cmd += ["--input", self.input, "--output", self.output,
                "--set", f"control.endpoint={self.control}",
                "--plugin-dir", f"{PLUGINS}:{TEST_PLUGINS}"]
        if stages:
            cmd += ["--set", f"pipeline.stages={stages}"]
        cmd += list(args)
        env = dict(os.environ)
        env.update(extra_env or {})
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, env=env, text=True)
        self.lines = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if wait_ready:
            self.wait_log("ready:", timeout=30 * SLOW)

    def _read(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_log(self, needle, timeout=30):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    if needle in line:
                        return line
                if self.proc.poll() is not None and not self.reader.is_alive():
                    raise AssertionError(f"daemon exited ({self.proc.returncode}) before '{needle}':\n"
                                         + "\n".join(self.lines))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no '{needle}' in log:\n" + "\n".join(self.lines))
                self.cond.wait(min(left, 0.5))

    def control_request(self, word, timeout_ms=10000):
        """Ask the control socket (REQ/REP); returns the unpacked reply."""
        ctx = zmq.Context.instance()
        req = ctx.socket(zmq.REQ)
        req.setsockopt(zmq.LINGER, 0)
        req.connect(self.control)
        try:
            req.send(word.encode())
            if not req.poll(int(timeout_ms * SLOW)):
                raise AssertionError(f"no reply to '{word}' from the control socket")
            return msgpack.unpackb(req.recv(), raw=False)
        finally:
            req.close(0)

    def wait_received(self, count, timeout=30):
        """Wait until the daemon has read `count` messages from its input
        (its control socket says so): they are accepted, not in transit."""
        deadline = time.monotonic() + timeout * SLOW
        while True:
            got = self.control_request("stats")["received"]
            if got >= count:
                return got
            if time.monotonic() > deadline:
                raise AssertionError(f"daemon received {got} of {count} messages")
            time.sleep(0.02)

    def log(self):
        with self.cond:
            return "\n".join(self.lines)

    def signal(self, sig=15):
        """Send a signal; stop() after it only waits (a second SIGTERM
        means "exit at once" to the daemon)."""
        self.signaled = True
        self.proc.send_signal(sig)

    def stop(self, sig=15, timeout=60):
        if self.proc.poll() is None and not getattr(self, "signaled", False):
            self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=timeout * SLOW)
        self.reader.join(timeout=5)
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=5)
        if self.proc.stderr:
            self.proc.stderr.close()


class Client:
    """A producer (PUSH) and a subscriber (SUB) on a daemon."""

    def __init__(self, daemon, sndhwm=None, sndtimeo=None):
        self.daemon = daemon
        self.ctx = zmq.Context()
        self.sub = self.ctx.socket(zmq.SUB)
        self.sub.setsockopt(zmq.SUBSCRIBE, b"")
        self.sub.setsockopt(zmq.RCVHWM, 0)
        self.sub.connect(daemon.output)
        self.push = self.ctx.socket(zmq.PUSH)
        if sndhwm is not None:
            self.push.setsockopt(zmq.SNDHWM, sndhwm)
        if sndtimeo is not None:
            self.push.setsockopt(zmq.SNDTIMEO, sndtimeo)
        self.push.setsockopt(zmq.LINGER, 5000)
        self.push.connect(daemon.input)
        self.sync()

    def sync(self, timeout=30):
        """Beat the slow joiner: send probes until one result comes back.
        Probes answered before the subscription took effect are lost to us,
        so then wait until the daemon has answered every message it read
        (its control socket says so): no probe result can come later and
        land among the test's own. recv() skips probe results."""
        deadline = time.monotonic() + timeout * SLOW
        sent = 0
        while True:
            if time.monotonic() > deadline:
                raise AssertionError("subscriber never received a probe result")
            self.send({"id": f"probe-{sent}", "text": "probe"})
            sent += 1
            if self.sub.poll(200):
                break
        while True:
            st = self.daemon.control_request("stats")
            if st["received"] >= sent and st["published"] >= st["received"]:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"probes not all answered: {st}")
            time.sleep(0.01)
        while self.sub.poll(50):
            self._recv_raw()
        self.probes = sent
        self.last_seq = None

    def send(self, doc, raw=False):
        self.push.send(doc if raw else msgpack.packb(doc, use_bin_type=True))

    def _recv_raw(self):
        frames = self.sub.recv_multipart()
        assert len(frames) == 2, f"expected 2 frames, got {len(frames)}"
        return frames[0].decode(), msgpack.unpackb(frames[1], raw=False)

    def recv(self, timeout_ms=None):
        """The next message that is not a probe's result, or None."""
        deadline = None if timeout_ms is None else time.monotonic() + timeout_ms * SLOW / 1000
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not self.sub.poll(int(left * 1000) + 1):
                    return None
            msg = self._recv_raw()
            if not str(msg[1].get("id", "")).startswith("probe-"):
                return msg

    def close(self):
        self.sub.close(0)
        self.push.close(0)
        self.ctx.term()


def wait_for_handshakes(monitor, n, timeout):
    """Read a zmq socket monitor (socket.get_monitor_socket()) until `n`
    HANDSHAKE_SUCCEEDED events have been seen: the socket's connections are
    up (and a SUB's subscription is on its way). Returns the events read."""
    from zmq.utils.monitor import recv_monitor_message
    deadline = time.monotonic() + timeout * SLOW
    seen = 0
    events = []
    while seen < n:
        left = deadline - time.monotonic()
        if left <= 0 or not monitor.poll(int(left * 1000)):
            raise AssertionError(f"{seen} of {n} handshakes; events: {events}")
        event = recv_monitor_message(monitor)
        events.append(event["event"])
        if event["event"] == zmq.EVENT_HANDSHAKE_SUCCEEDED:
            seen += 1
    return events


# ---- plain-script tests: collect failures, report them all at the end ----

failures = []


def check(cond, what):
    """Record a failed expectation and go on (the script reports them all)."""
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def exit_with_report():
    """Exit 1 when any check failed, else print ok."""
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("ok")
