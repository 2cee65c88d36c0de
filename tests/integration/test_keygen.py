#!/usr/bin/python3
"""`textpipe keygen`: a CURVE keypair as two one-line Z85 files, the secret
one 0600 and the public one 0644 whatever the umask, the public key also
on stdout; a pair that really works (a CURVE server made with these keys
serves a client using them); no overwrite without --force, and never
through a symlink; the exit codes (0 written, 1 not written, 2 bad
command line); and the keys in use end to end: a daemon configured with
keygen'd files ([security]) serves `send --reliable --curve-server-key
--curve-key` with the authorized client key and refuses an unknown one."""
import os
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import SLOW, TEXTPIPE, Daemon, zmq  # noqa: E402
import zmq.utils.z85  # noqa: E402


def keygen(*args, cwd=None, umask=None):
    def pre():
        if umask is not None:
            os.umask(umask)
    return subprocess.run([TEXTPIPE, "keygen"] + list(args), capture_output=True,
                          text=True, cwd=cwd, preexec_fn=pre, timeout=30)


def read_key(path):
    with open(path) as f:
        text = f.read()
    lines = text.split("\n")
    assert lines[1:] == [""], f"{path}: not exactly one line: {text!r}"
    return lines[0]


class Keygen(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = self.tmp.name

    def test_pair_files_modes_and_format(self):
        for umask in (0o022, 0o077, 0o000):
            prefix = os.path.join(self.dir, f"k{umask:o}")
            r = keygen("--out", prefix, umask=umask)
            self.assertEqual(r.returncode, 0, r.stderr)
            secret, public = read_key(prefix + ".key"), read_key(prefix + ".pub")
            self.assertEqual(stat.S_IMODE(os.stat(prefix + ".key").st_mode), 0o600)
            self.assertEqual(stat.S_IMODE(os.stat(prefix + ".pub").st_mode), 0o644)
            for key in (secret, public):
                self.assertEqual(len(key), 40)
                self.assertEqual(len(zmq.utils.z85.decode(key)), 32)
            self.assertNotEqual(secret, public)
            self.assertEqual(r.stdout, public + "\n")
            self.assertNotIn(secret, r.stdout + r.stderr)
            # the public key belongs to the secret one
            if zmq.has("curve"):
                self.assertEqual(zmq.curve_public(secret.encode()), public.encode())

    def test_default_prefix_is_in_the_working_directory(self):
        r = keygen(cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "textpipe.key")))
        self.assertTrue(os.path.exists(os.path.join(self.dir, "textpipe.pub")))

    def test_no_overwrite_without_force(self):
        prefix = os.path.join(self.dir, "k")
        self.assertEqual(keygen("-o", prefix).returncode, 0)
        first = read_key(prefix + ".key")
        r = keygen("-o", prefix)
        self.assertEqual(r.returncode, 1)
        self.assertIn("exists", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertEqual(read_key(prefix + ".key"), first)
        # only the public half there: still nothing written
        os.unlink(prefix + ".key")
        self.assertEqual(keygen("-o", prefix).returncode, 1)
        self.assertFalse(os.path.exists(prefix + ".key"))
        r = keygen("-o", prefix, "--force")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotEqual(read_key(prefix + ".key"), first)

    def test_never_writes_through_a_symlink(self):
        target = os.path.join(self.dir, "elsewhere")
        os.symlink(target, os.path.join(self.dir, "s.key"))
        r = keygen("-o", os.path.join(self.dir, "s"))
        self.assertEqual(r.returncode, 1)
        self.assertFalse(os.path.exists(target))

    def test_errors_and_usage(self):
        r = keygen("-o", os.path.join(self.dir, "no/such/dir/k"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("No such file", r.stderr)
        self.assertEqual(keygen("--bogus").returncode, 2)
        self.assertEqual(keygen("extra-arg").returncode, 2)
        r = keygen("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("0600", r.stdout)

    @unittest.skipUnless(zmq.has("curve"), "libzmq without CURVE")
    def test_keys_work_for_a_curve_connection(self):
        server, client = os.path.join(self.dir, "server"), os.path.join(self.dir, "client")
        for prefix in (server, client):
            self.assertEqual(keygen("-o", prefix).returncode, 0)
        ctx = zmq.Context()
        try:
            rep = ctx.socket(zmq.PULL)
            rep.curve_server = True
            rep.curve_secretkey = read_key(server + ".key").encode()
            rep.setsockopt(zmq.LINGER, 0)
            port = rep.bind_to_random_port("tcp://127.0.0.1")
            push = ctx.socket(zmq.PUSH)
            push.curve_serverkey = read_key(server + ".pub").encode()
            push.curve_publickey = read_key(client + ".pub").encode()
            push.curve_secretkey = read_key(client + ".key").encode()
            push.setsockopt(zmq.LINGER, 0)
            push.connect(f"tcp://127.0.0.1:{port}")
            push.send(b"hello")
            self.assertTrue(rep.poll(10000), "no message over CURVE")
            self.assertEqual(rep.recv(), b"hello")
            push.close()
            rep.close()
        finally:
            ctx.term()

    @unittest.skipUnless(zmq.has("curve"), "libzmq without CURVE")
    def test_send_reliable_over_curve_with_a_daemon(self):
        server, client, stranger = (os.path.join(self.dir, n)
                                    for n in ("server", "client", "stranger"))
        for prefix in (server, client, stranger):
            self.assertEqual(keygen("-o", prefix).returncode, 0)
        clients = os.path.join(self.dir, "clients")
        os.mkdir(clients)
        os.rename(client + ".pub", os.path.join(clients, "client.pub"))
        os.symlink(os.path.join(clients, "client.pub"), client + ".pub")
        conf = os.path.join(self.dir, "textpiped.conf")
        with open(conf, "w") as f:
            f.write(f"[security]\ncurve_secret_key_file = {server}.key\n"
                    f"curve_public_key_file = {server}.pub\nauthorized_keys_dir = {clients}\n")
        os.chmod(conf, 0o644)
        d = Daemon("--workers", "1", config=conf)
        self.addCleanup(d.kill)
        docs = os.path.join(self.dir, "docs.jsonl")
        with open(docs, "w") as f:
            for i in range(20):
                f.write(f'{{"id": "c-{i}", "text": "Secret {i}."}}\n')

        def send(prefix, *extra):
            return subprocess.run(
                [TEXTPIPE, "send", "--reliable", "--jsonl", "-e", d.input, "-o", d.output,
                 "--curve-server-key", server + ".pub", "--curve-key", prefix, *extra, docs],
                capture_output=True, text=True, timeout=120 * SLOW)

        r = send(client)
        self.assertEqual(r.returncode, 0, r.stderr + d.log())
        self.assertIn("20 answered", r.stderr)
        r = send(stranger, "--retry-timeout", "0.3", "--max-retries", "1")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("giving up", r.stderr)
        self.assertIn("unknown CURVE key", d.log())
        r = subprocess.run([TEXTPIPE, "send", "--curve-key", client, docs],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)    # --curve-key needs --curve-server-key
        self.assertEqual(d.stop(), 0, d.log())


if __name__ == "__main__":
    unittest.main(verbosity=2)
