#!/usr/bin/python3
"""Hostile input: a matrix of bad messages, each sent to a real textpiped
between two good documents. Every bad message must be answered by an
`error` with the code PROTOCOL.md gives for it (and the document's id when
the id could be read), and the good documents around it must be served.

The daemon runs with one worker, so answers come back in input order and
each can be matched with the message that caused it. It uses the real
tokenize stage and `max_doc_bytes = 64K`, so "text at and just over the
limit" is cheap. A second daemon with the default limit (4 MiB) takes the
big ones: a document of 100,000 quote marks and a 4 MiB line with no
spaces (through tokenize, and quotes/stance when they are built), and a
frame far over the limit, which libzmq drops without an answer (the daemon
must keep serving).

The number of bad inputs tried is printed at the end.
"""
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tpharness import Client, Daemon, PLUGINS, SLOW, msgpack, zmq  # noqa: E402

MAX_DOC = 64 * 1024
TRIED = []  # (name, code) of every bad input sent, for the final count


# ---- hand-made MessagePack, so that the bytes are exactly what we mean ----

def mstr(b):
    """A MessagePack str of the raw bytes b (which need not be UTF-8)."""
    n = len(b)
    if n < 32:
        return bytes([0xA0 | n]) + b
    if n < 256:
        return b"\xd9" + bytes([n]) + b
    if n < 65536:
        return b"\xda" + struct.pack(">H", n) + b
    return b"\xdb" + struct.pack(">I", n) + b


def mmap(*pairs):
    """A map of (key, raw value) pairs; str keys, values already packed."""
    n = len(pairs)
    head = bytes([0x80 | n]) if n < 16 else b"\xde" + struct.pack(">H", n)
    return head + b"".join(mstr(k.encode()) + v for k, v in pairs)


def p(value):
    return msgpack.packb(value, use_bin_type=True)


def doc(id_="x", text="ok", **extra):
    """A document with `id` and `text` as Python values (or raw bytes
    already packed, passed as a bytes subclass `Raw`), plus extra keys."""
    pairs = []
    for key, value in [("id", id_), ("text", text)] + list(extra.items()):
        if value is MISSING:
            continue
        pairs.append((key, value if isinstance(value, Raw) else p(value)))
    return mmap(*pairs)


class Raw(bytes):
    """Bytes that are already MessagePack (not to be packed as bin)."""


MISSING = object()


def nested_arrays(depth):
    """`depth` arrays, each holding the next, the innermost holding nil."""
    return Raw(b"\x91" * depth + b"\xc0")


def bad_utf8_cases():
    """(name, text bytes) of every kind of ill-formed UTF-8."""
    return [
        ("overlong 2-byte /", b"a\xc0\xaf"),
        ("overlong 2-byte NUL", b"\xc0\x80"),
        ("overlong 3-byte /", b"ab\xe0\x80\xaf"),
        ("overlong 4-byte /", b"\xf0\x80\x80\xaf"),
        ("overlong 3-byte euro", b"\xe0\x82\xac"),
        ("surrogate high D800", b"x\xed\xa0\x80y"),
        ("surrogate low DFFF", b"\xed\xbf\xbf"),
        ("surrogate pair CESU-8", b"\xed\xa0\xbd\xed\xb8\x80"),
        ("above U+10FFFF (F4 90)", b"\xf4\x90\x80\x80"),
        ("above U+10FFFF (F5)", b"\xf5\x80\x80\x80"),
        ("5-byte form F8", b"\xf8\x88\x80\x80\x80"),
        ("byte FE", b"ok \xfe"),
        ("byte FF", b"\xff"),
        ("truncated 2-byte at end", b"caf\xc3"),
        ("truncated 3-byte at end", b"\xe2\x82"),
        ("truncated 3-byte then ASCII", b"\xe2\x82a"),
        ("truncated 4-byte then space", b"\xf0\x9f\x98 "),
        ("stray continuation at start", b"\x80abc"),
        ("stray continuation in middle", b"abc\xbfdef"),
        ("continuation after complete char", b"\xc3\xa9\xa9"),
    ]


def matrix():
    """(name, message bytes or list of frames, expected code, expected id)."""
    good = p({"id": "g", "text": "Fine."})
    m = []

    def add(name, raw, code, id_=None):
        m.append((name, raw, code, id_))

    # -- truncated and corrupt MessagePack, trailing bytes
    add("empty frame", b"", "bad_msgpack")
    add("lone 0xc1", b"\xc1", "bad_msgpack")
    add("truncated document", good[:-3], "bad_msgpack")
    add("map header only", b"\x82", "bad_msgpack")
    add("truncated str8 header", b"\x81\xa2id\xd9", "bad_msgpack")
    add("truncated uint64", b"\x81\xa2id\xcf\x00\x00", "bad_msgpack")
    add("0xc1 inside the map", good.replace(b"\xa1g", b"\xc1g"), "bad_msgpack")
    add("trailing byte", good + b"\x00", "bad_msgpack")
    add("two documents in one frame", good + good, "bad_msgpack")
    add("str32 longer than the frame", b"\x82\xa2id\xdb\xff\xff\xff\xffab", "bad_msgpack")
    add("ext with missing payload", b"\xc7\x10\x01abc", "bad_msgpack")

    # -- containers that claim billions of elements in a few bytes
    add("array32 of 4 billion", b"\xdd\xff\xff\xff\xff", "bad_msgpack")
    add("map32 of 4 billion", b"\xdf\xff\xff\xff\xff", "bad_msgpack")
    add("bin32 of 4 GiB", b"\xc6\xff\xff\xff\xff\x00", "bad_msgpack")
    add("meta claims 4 billion entries",
        doc("big-meta", "t", meta=Raw(b"\xdf\xff\xff\xff\xff")), "bad_msgpack")
    add("text array of 65535 in 3 bytes",
        doc("big-text", Raw(b"\xdc\xff\xff")), "bad_msgpack")

    # -- nesting deeper than the limit (16 levels, the root map is level 1)
    add("meta 16 levels deep (17 with the root)",
        doc("deep", "t", meta=Raw(b"\x81\xa1k" * 15 + b"\x91\xc0")), "too_deep")
    add("root array 100 levels deep", nested_arrays(100), "too_deep")
    add("100,000 nested arrays", nested_arrays(100000), "too_deep")

    # -- non-map roots, one of each type
    for name, raw in [("nil", b"\xc0"), ("true", b"\xc3"), ("false", b"\xc2"),
                      ("positive fixint", b"\x05"), ("negative fixint", b"\xff"),
                      ("uint64", b"\xcf" + b"\x00" * 7 + b"\x01"),
                      ("int64", b"\xd3" + b"\xff" * 8),
                      ("float32", b"\xca\x3f\x80\x00\x00"), ("float64", p(1.5)),
                      ("str", p("id")), ("bin", p(b"abc")),
                      ("array", p(["id", "text"])), ("fixext", b"\xd4\x01\x00"),
                      ("timestamp ext", b"\xd6\xff\x00\x00\x00\x01")]:
        add(f"root is {name}", raw, "not_a_map")

    # -- id
    add("no id", doc(MISSING, "t"), "missing_id")
    add("id only as a bin key", b"\x82\xc4\x02id\xa1x\xa4text\xa1t", "missing_id")
    for name, value in [("nil", None), ("int", 7), ("negative int", -1),
                        ("float", 1.0), ("bool", True), ("bin", b"id"),
                        ("array", ["a"]), ("map", {"a": 1}), ("empty", ""),
                        ("257 bytes", "i" * 257)]:
        add(f"id is {name}", doc(value, "t"), "bad_id")
    add("id is not UTF-8", doc(Raw(mstr(b"\xc3\x28")), "t"), "bad_id")
    add("id is a surrogate", doc(Raw(mstr(b"\xed\xa0\x80")), "t"), "bad_id")

    # -- text
    add("no text", doc("no-text", MISSING), "missing_text", "no-text")
    for name, value in [("nil", None), ("int", 3), ("float", 2.5),
                        ("bool", False), ("bin", b"text"), ("array", ["t"]),
                        ("map", {"t": 1})]:
        add(f"text is {name}", doc(f"text-{name}", value), "bad_text", f"text-{name}")
    add("text 1 byte over max_doc_bytes", doc("over", "a" * (MAX_DOC + 1)),
        "too_large", "over")
    add("text far over max_doc_bytes (within the frame headroom)",
        doc("far-over", "b" * (MAX_DOC + 60000)), "too_large", "far-over")
    add("over-long text that is also bad UTF-8 (size first)",
        doc("over-utf8", Raw(mstr(b"\xff" * (MAX_DOC + 1)))), "too_large", "over-utf8")
    for name, text in bad_utf8_cases():
        add(f"text: {name}", doc(f"u8-{name}", Raw(mstr(text))), "bad_utf8", f"u8-{name}")

    # -- meta (absent or nil is fine; anything but a map is not)
    for name, value in [("str", "m"), ("int", 1), ("array", [1]),
                        ("bool", True), ("bin", b"m"), ("float", 0.5)]:
        add(f"meta is {name}", doc(f"meta-{name}", "t", meta=value), "bad_meta",
            f"meta-{name}")

    # -- topic
    for name, value in [("int", 1), ("empty", ""), ("bin", b"news"),
                        ("space", "a b"), ("slash", "a/b"), ("non-ASCII", "nouvelles\u00e9"),
                        ("129 bytes", "t" * 129), ("array", ["news"]), ("map", {"a": "b"}),
                        ("bool", True)]:
        add(f"topic is {name}", doc(f"topic-{name}", "t", topic=value), "bad_topic",
            f"topic-{name}")

    # -- targets
    for name, value in [
            ("int", 5), ("str", "Trump"), ("bool", True), ("bin", b"x"),
            ("list with an int", ["a", 1]), ("list with an empty name", ["a", ""]),
            ("list with a nested list", [["a"]]),
            ("map to a str", {"Trump": "Donald"}), ("map to an int", {"Trump": 1}),
            ("map with an int alias", {"Trump": ["Trump", 2]}),
            ("map with an empty alias", {"Trump": [""]}),
            ("65 targets", [f"t{i}" for i in range(65)]),
            ("65 aliases", {"T": [f"a{i}" for i in range(65)]}),
            ("a repeated name", ["Trump", "Trump"])]:
        add(f"targets is {name}", doc(f"targets-{name}", "t", targets=value),
            "bad_targets", f"targets-{name}")
    add("targets with a bad-UTF-8 name",
        doc("targets-utf8", "t", targets=Raw(b"\x91" + mstr(b"\xc0\xaf"))),
        "bad_targets", "targets-utf8")

    # -- several frames (libzmq also delivers empty ones)
    add("two frames", [good, good], "multipart")
    add("three frames", [good, b"x", good], "multipart")
    add("two empty frames", [b"", b""], "multipart")
    add("empty then document", [b"", good], "multipart")
    return m


def good_cases():
    """Valid documents that look suspicious: each must get a result."""
    return [
        ("NUL bytes in text", doc("nul", "a\x00b\x00\x00c")),
        ("NUL byte in id", doc("id\x00nul", "t")),
        ("id of 256 bytes", doc("i" * 256, "t")),
        ("empty text", doc("empty", "")),
        ("text at max_doc_bytes", doc("at-limit", "a" * MAX_DOC)),
        ("text of 4-byte characters at the limit", doc("at-limit-4", "\U0001F600" * (MAX_DOC // 4))),
        ("meta nil", doc("meta-nil", "t", meta=None)),
        ("topic nil", doc("topic-nil", "t", topic=None)),
        ("targets empty", doc("targets-empty", "t", targets=[])),
        ("meta 15 levels deep (16 with the root)",
         doc("deep-ok", "t", meta=Raw(b"\x81\xa1k" * 14 + b"\x91\xc0"))),
        ("unknown keys and a bin key", mmap(("id", p("extra-keys")), ("text", p("t")),
                                             ("zzz", p([1, 2]))) ),
        ("U+10FFFF and U+FFFF", doc("max-cp", "\U0010FFFF\uFFFF")),
    ]


class Hostile(unittest.TestCase):
    def setUp(self):
        self.d = Daemon("--workers", "1", "--set", "daemon.max_doc_bytes=64K",
                        stages="tokenize")
        self.addCleanup(self.d.kill)
        self.c = Client(self.d)
        self.addCleanup(self.c.close)

    def tearDown(self):
        # a clean exit after all that (and no sanitizer report at exit)
        self.assertEqual(self.d.stop(), 0, self.d.log())

    def send(self, raw):
        if isinstance(raw, list):
            self.c.push.send_multipart(raw)
        else:
            self.c.push.send(raw)

    def next_answer(self, what):
        msg = self.c.recv(timeout_ms=20000)
        self.assertIsNotNone(msg, f"no answer after {what}")
        return msg

    def test_bad_messages_get_the_right_error_and_good_ones_pass(self):
        cases = matrix()
        self.assertGreaterEqual(len(cases), 40)
        for i, (name, raw, code, id_) in enumerate(cases):
            self.send(raw)
            self.c.send({"id": f"between-{i}", "text": "Still \u201cserving\u201d."})
        for i, (name, raw, code, id_) in enumerate(cases):
            topic, body = self.next_answer(name)
            self.assertTrue(topic.startswith("error"), f"{name}: got {topic} {body}")
            self.assertEqual(body["error"]["code"], code, f"{name}: {body}")
            self.assertTrue(body["error"]["message"], name)
            self.assertNotIn("stage", body["error"], name)
            self.assertEqual(body.get("id"), id_, f"{name}: {body}")
            topic, body = self.next_answer(f"the good document after {name}")
            self.assertEqual((topic, body["id"]), ("result", f"between-{i}"), name)
            self.assertEqual(body["sentences"], [[0, len("Still \u201cserving\u201d.".encode())]])
            TRIED.append((name, code))
        self.assertIsNone(self.c.recv(timeout_ms=200), "an extra message")

    def test_valid_but_odd_documents_get_results(self):
        for name, raw in good_cases():
            self.send(raw)
        for name, raw in good_cases():
            topic, body = self.next_answer(name)
            self.assertEqual(topic, "result", f"{name}: {body}")
            self.assertEqual(body["id"], msgpack.unpackb(raw, raw=False)["id"], name)
        # NUL bytes are text like any other
        self.c.push.send(doc("nul-2", "x\x00y"))
        topic, body = self.next_answer("nul-2")
        self.assertEqual((topic, body["text_bytes"]), ("result", 3))


class HostileBig(unittest.TestCase):
    """Default max_doc_bytes (4 MiB): big documents through the real stages."""

    def setUp(self):
        stages = ["tokenize"]
        for extra in ("quotes", "stance"):
            if os.path.exists(os.path.join(PLUGINS, extra + ".so")):
                stages.append(extra)
        self.stages = ",".join(stages)
        self.d = Daemon("--workers", "1", stages=self.stages)
        self.addCleanup(self.d.kill)
        self.c = Client(self.d)
        self.addCleanup(self.c.close)

    def tearDown(self):
        self.assertEqual(self.d.stop(), 0, self.d.log())

    def test_big_documents(self):
        texts = {
            "quotes-100k": '"' * 100000,
            "quotes-mixed": ('\u201c' + "\u2019'" + '"') * 25000,
            "line-4MiB": "x" * (4 * 1024 * 1024),
            "line-4MiB-multibyte": "\u00e9" * (2 * 1024 * 1024),
        }
        for id_, text in texts.items():
            self.c.send({"id": id_, "text": text})
            self.c.send({"id": f"after-{id_}", "text": "Next."})
        for id_, text in texts.items():
            topic, body = self.c.recv(timeout_ms=120000)
            self.assertEqual((topic, body["id"]), ("result", id_), body.get("error"))
            self.assertEqual(body["text_bytes"], len(text.encode()))
            topic, body = self.c.recv(timeout_ms=20000)
            self.assertEqual((topic, body["id"]), ("result", f"after-{id_}"))
        TRIED.append(("text over max_doc_bytes by 1 (4 MiB + 1)", "too_large"))
        self.c.send({"id": "line-over", "text": "x" * (4 * 1024 * 1024 + 1)})
        topic, body = self.c.recv(timeout_ms=60000)
        self.assertEqual((topic, body["error"]["code"], body["id"]),
                         ("error", "too_large", "line-over"))

    def test_frame_beyond_maxmsgsize_is_dropped_and_others_served(self):
        # libzmq drops a frame over max_doc_bytes + 64 KiB and closes that
        # producer's connection: no answer, and other producers unaffected.
        ctx = zmq.Context()
        rogue = ctx.socket(zmq.PUSH)
        rogue.setsockopt(zmq.LINGER, 5000)
        rogue.connect(self.d.input)
        rogue.send(doc("huge", "y" * (5 * 1024 * 1024)))
        rogue.close()
        ctx.term()
        self.c.send({"id": "after-huge", "text": "Next."})
        topic, body = self.c.recv(timeout_ms=20000)
        self.assertEqual((topic, body["id"]), ("result", "after-huge"))
        self.assertIsNone(self.c.recv(timeout_ms=300), "an answer to a dropped frame")
        self.assertIsNone(self.d.proc.poll())


def tearDownModule():
    print(f"\nbad inputs tried: {len(TRIED)} "
          f"({len({code for _, code in TRIED})} error codes)", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
