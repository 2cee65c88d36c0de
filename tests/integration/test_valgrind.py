#!/usr/bin/python3
"""The daemon under valgrind memcheck: zero errors and no definite leaks.

textpiped runs under `valgrind --error-exitcode=99 --leak-check=full
--errors-for-leak-kinds=definite` with the real tokenize stage and the
test stage, gets 200 documents (good ones, and bad ones of every kind the
decoder refuses, and one a stage fails on), answers each, and is stopped
with SIGTERM: it must exit 0 (99 would be a memcheck error or a definite
leak) and the report must show no "definitely lost" bytes.

Skips (exit 77) when valgrind is not installed, or in a sanitizer build
(valgrind and ASan cannot share a process): TP_BUILD_DIR ending in -asan,
or TP_SKIP_VALGRIND=1 set.
"""
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))

BUILD_DIR = os.environ.get("TP_BUILD_DIR", "")
if not shutil.which("valgrind"):
    print("SKIP: valgrind is not installed (apt-get install valgrind)")
    sys.exit(77)
if BUILD_DIR.rstrip("/").endswith("-asan") or os.environ.get("TP_SKIP_VALGRIND") == "1":
    print("SKIP: sanitizer build (valgrind cannot run ASan binaries)")
    sys.exit(77)

from tpharness import Client, Daemon, msgpack  # noqa: E402

# memcheck is 20-50 times slower: scale every timeout of the harness.
os.environ.setdefault("TP_TEST_SLOWNESS", "20")
import tpharness  # noqa: E402
tpharness.SLOW = max(tpharness.SLOW, float(os.environ["TP_TEST_SLOWNESS"]))

BAD = [
    (b"", "bad_msgpack"),
    (b"\xdd\xff\xff\xff\xff", "bad_msgpack"),
    (b"\x91" * 100 + b"\xc0", "too_deep"),
    (b"\x93\x01\x02\x03", "not_a_map"),
    (msgpack.packb({"text": "no id"}), "missing_id"),
    (msgpack.packb({"id": "i" * 257, "text": "x"}), "bad_id"),
    (msgpack.packb({"id": "t"}), "missing_text"),
    (msgpack.packb({"id": "u", "text": b"bin"}, use_bin_type=True), "bad_text"),
    (b"\x82\xa2id\xa1v\xa4text\xa3\xed\xa0\x80", "bad_utf8"),
    (msgpack.packb({"id": "m", "text": "x", "meta": 5}), "bad_meta"),
    (msgpack.packb({"id": "tp", "text": "x", "topic": "a b"}), "bad_topic"),
    (msgpack.packb({"id": "tg", "text": "x", "targets": ["a", "a"]}), "bad_targets"),
    (msgpack.packb({"id": "fail", "text": "please FAILME now"}), "stage_failed"),
]


class Valgrind(unittest.TestCase):
    def test_no_errors_no_definite_leaks(self):
        log = tempfile.NamedTemporaryFile(prefix="tp-valgrind-", suffix=".log", delete=False)
        log.close()
        self.addCleanup(os.unlink, log.name)
        wrapper = ["valgrind", "--error-exitcode=99", "--leak-check=full",
                   "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
                   "--track-origins=yes", f"--log-file={log.name}"]
        d = Daemon("--workers", "2", "--set", "stage.passthrough.fail_on=FAILME",
                   stages="tokenize,passthrough", wrapper=wrapper)
        self.addCleanup(d.kill)
        c = Client(d)
        self.addCleanup(c.close)
        expected = {}
        sent = 0
        while sent < 200:
            for raw, code in BAD:
                c.send(raw, raw=True)
                sent += 1
            for i in range(2 * len(BAD)):
                doc_id = f"v-{sent}"
                c.send({"id": doc_id, "text": f"\u201cQuote {sent},\u201d she said. Rep. X. agreed.",
                        "meta": {"n": sent, "list": [1, "two", None]}, "topic": "news"})
                expected[doc_id] = "result.news"
                sent += 1
        codes = {}
        results = 0
        for _ in range(sent):
            msg = c.recv(timeout_ms=60000)
            self.assertIsNotNone(msg, f"{results} results, errors {codes}")
            topic, body = msg
            if topic.startswith("error"):
                codes[body["error"]["code"]] = codes.get(body["error"]["code"], 0) + 1
            else:
                self.assertEqual(topic, expected[body["id"]])
                results += 1
        self.assertEqual(results, len(expected))
        self.assertEqual(set(codes), {code for _, code in BAD})
        rc = d.stop(timeout=120)
        with open(log.name) as f:
            report = f.read()
        self.assertEqual(rc, 0, f"exit {rc} (99 = memcheck errors or definite leaks)\n{report}")
        self.assertRegex(report, r"ERROR SUMMARY: 0 errors")
        lost = re.search(r"definitely lost: ([\d,]+) bytes", report)
        self.assertTrue(lost is None or lost.group(1) == "0", report)
        print(f"\nvalgrind: {sent} documents ({results} results, "
              f"{sum(codes.values())} errors), exit 0, "
              f"{re.search(r'ERROR SUMMARY: .*', report).group(0)}; "
              f"definitely lost: {lost.group(1) if lost else '0 (no leak record)'} bytes",
              file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
