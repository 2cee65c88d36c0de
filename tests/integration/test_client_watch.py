#!/usr/bin/python3
"""`textpipe watch` against a real ZeroMQ publisher this test binds.

The test binds an XPUB socket (a PUB that also receives the subscriptions),
so it knows exactly when the watcher's subscriptions are in place and can
publish without losing a message to the slow-joiner problem: it
synchronises on messages, never on sleeps. It checks the exact JSON printed
for tricky values (unicode, escapes, invalid UTF-8, floats, bin, ext,
non-string keys, nesting), that malformed messages are skipped with a
warning, the topic filters, and every exit code.
"""
import json
import os
import select
import signal
import struct
import subprocess
import sys

import msgpack
import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tpharness import check, exit_with_report  # noqa: E402

BUILD = os.environ.get('TP_BUILD_DIR', 'build')
TEXTPIPE = os.path.join(BUILD, 'bin', 'textpipe')
WAIT_MS = 10000


class Publisher:
    """An XPUB on a free loopback port."""

    def __init__(self, ctx):
        self.sock = ctx.socket(zmq.XPUB)
        self.sock.setsockopt(zmq.LINGER, 0)
        # every subscription, even one another subscriber already made
        self.sock.setsockopt(zmq.XPUB_VERBOSE, 1)
        self.sock.setsockopt(zmq.RCVTIMEO, WAIT_MS)
        self.sock.bind('tcp://127.0.0.1:*')
        self.endpoint = self.sock.getsockopt_string(zmq.LAST_ENDPOINT)

    def wait_subscriptions(self, prefixes):
        """Block until every prefix is subscribed (b'\\x01' + prefix)."""
        want = {b'\x01' + p.encode() for p in prefixes}
        while want:
            want.discard(self.sock.recv())

    def publish(self, *frames):
        self.sock.send_multipart(list(frames))

    def close(self):
        self.sock.close()


def start_watch(*args):
    # unbuffered: read_line's select() must see every byte not yet read
    return subprocess.Popen([TEXTPIPE, 'watch'] + list(args),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            bufsize=0)


def read_line(proc, timeout=WAIT_MS / 1000):
    """One line of the watcher's stdout, without blocking for ever."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        return None
    return proc.stdout.readline().decode('utf-8')


def finish(proc):
    out, err = proc.communicate(timeout=WAIT_MS / 1000)
    return proc.returncode, out.decode('utf-8'), err.decode('utf-8')


def mp_map(pairs):
    """A MessagePack map from (key bytes, value bytes) pairs, in order."""
    return b'\xde' + struct.pack('>H', len(pairs)) + b''.join(
        k + v for k, v in pairs)


def mp(value):
    return msgpack.packb(value, use_bin_type=True)


def raw_str(data):
    """A str holding any bytes, valid UTF-8 or not."""
    return b'\xd9' + bytes([len(data)]) + data


def f32(x):
    return b'\xca' + struct.pack('>f', x)


def f64(x):
    return b'\xcb' + struct.pack('>d', x)


# (key bytes, value bytes, expected JSON of the member)
TRICKY = [
    (mp('id'), mp('doc-1'), '"id":"doc-1"'),
    (mp('unicode'), mp('héllo ✓ 😀 中文'), '"unicode":"héllo ✓ 😀 中文"'),
    (mp('escapes'), mp('"\\/\n\r\t\b\f\x01\x1f\x7f'),
     '"escapes":"\\"\\\\/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f"'),
    (mp('nul'), mp('a\x00b'), '"nul":"a\\u0000b"'),
    (mp('bad_utf8'), raw_str(b'a\xffb\xc3'), '"bad_utf8":"a\ufffdb\ufffd"'),
    (mp('surrogate'), raw_str(b'\xed\xa0\x80!'),
     '"surrogate":"\ufffd\ufffd\ufffd!"'),
    (mp('overlong'), raw_str(b'\xc0\xaf\xe0\x80\xaf'),
     '"overlong":"\ufffd\ufffd\ufffd\ufffd\ufffd"'),
    (mp('truncated'), raw_str(b'\xf0\x9f\x98x\xe2\x82'),
     '"truncated":"\ufffdx\ufffd"'),
    (mp('too_high'), raw_str(b'\xf4\x90\x80\x80'),
     '"too_high":"\ufffd\ufffd\ufffd\ufffd"'),
    (mp('ints'), mp([0, -1, 127, -32, 2**64 - 1, -2**63]),
     '"ints":[0,-1,127,-32,18446744073709551615,-9223372036854775808]'),
    (mp('floats'), b'\x9b' + f64(0.1) + f64(1.0) + f64(-0.0) + f64(1e300) +
     f64(2.5e-8) + f64(1 / 3) + f64(float('nan')) + f64(float('inf')) +
     f64(-float('inf')) + f32(0.1) + f32(3.4028234663852886e38),
     '"floats":[0.1,1.0,-0.0,1e+300,2.5e-08,0.3333333333333333,null,null,'
     'null,0.1,3.4028235e+38]'),
    (mp('bin'), mp(b'\x00\x01\xfe\xff'), '"bin":"AAH+/w=="'),
    (mp('bin_pad'), mp([b'', b'\x00', b'\x00\x01', b'\xfb\xff']),
     '"bin_pad":["","AA==","AAE=","+/8="]'),
    (mp('ext'), mp(msgpack.ExtType(5, b'\x01\x02')),
     '"ext":{"type":5,"data":"AQI="}'),
    (mp('keys'), b'\x87' + mp(1) + mp('one') + mp(None) + mp(2) + mp(True) +
     mp(3) + mp([1, 'x']) + mp(4) + f64(1.5) + mp(5) + mp(b'\x00') + mp(6) +
     mp('') + mp(7),
     '"keys":{"1":"one","null":2,"true":3,"[1,\\"x\\"]":4,"1.5":5,'
     '"AA==":6,"":7}'),
    (mp('meta'), mp({'a': {'b': [1, {'c': []}], 'd': {}}, 'e': None,
                     'f': [True, False]}),
     '"meta":{"a":{"b":[1,{"c":[]}],"d":{}},"e":null,"f":[true,false]}'),
]


def test_tricky_values(ctx):
    pub = Publisher(ctx)
    proc = start_watch('-e', pub.endpoint, '--count', '2')
    pub.wait_subscriptions(['result', 'error'])
    body = mp_map([(k, v) for k, v, _ in TRICKY])
    pub.publish(b'result', body)
    pub.publish(b'error.news', mp({'v': 1, 'error': {'code': 'bad_utf8'}}))
    rc, out, err = finish(proc)
    lines = out.splitlines()
    check(rc == 0, 'tricky: exit 0 after --count (got %d, %s)' % (rc, err))
    expected = '{"topic":"result",' + ','.join(j for _, _, j in TRICKY) + '}'
    check(len(lines) == 2 and lines[0] == expected,
          'tricky: exact JSON\n got %r\nwant %r' % (lines[:1], expected))
    check(len(lines) == 2 and lines[1] ==
          '{"topic":"error.news","v":1,"error":{"code":"bad_utf8"}}',
          'tricky: error line %r' % lines[1:])
    for line in lines:
        json.loads(line)  # valid JSON, whatever came in
    pub.close()


def test_bin_array(ctx):
    pub = Publisher(ctx)
    proc = start_watch('-e', pub.endpoint, '-n', '1', '--bin', 'array')
    pub.wait_subscriptions(['result', 'error'])
    pub.publish(b'result', mp({'b': b'\x00\x01\xfe\xff'}))
    rc, out, _ = finish(proc)
    check(rc == 0 and out == '{"topic":"result","b":[0,1,254,255]}\n',
          '--bin array: %r' % out)
    pub.close()


def test_malformed_skipped(ctx):
    pub = Publisher(ctx)
    proc = start_watch('-e', pub.endpoint, '--count', '1')
    pub.wait_subscriptions(['result', 'error'])
    deep = b'\x91' * 40 + b'\xc0'
    bad = [
        [b'result'],                                    # one frame
        [b'result', mp({'a': 1}), b'extra'],            # three frames
        [b'result', b'\xc1'],                           # never-used byte
        [b'result', b'\x82\xa1a'],                      # truncated
        [b'result', mp({'a': 1}) + b'\x00'],            # trailing bytes
        [b'result', b'\xdd\xff\xff\xff\xff'],           # claims 4G items
        [b'result', mp([1, 2])],                        # not a map
        [b'result', b'\x81\xa1a' + deep],               # too deep
        [b'result', b''],                               # empty body
    ]
    for frames in bad:
        pub.publish(*frames)
    pub.publish(b'result', mp({'id': 'good'}))
    rc, out, err = finish(proc)
    check(rc == 0 and out == '{"topic":"result","id":"good"}\n',
          'malformed: only the good message printed: %r' % out)
    warnings = [l for l in err.splitlines() if 'skipped' in l]
    check(len(warnings) == len(bad),
          'malformed: one warning each (%d): %s' % (len(warnings), err))
    pub.close()


def test_topic_filter(ctx):
    pub = Publisher(ctx)
    proc = start_watch('-e', pub.endpoint, '--topic', 'news', '--count', '3')
    pub.wait_subscriptions(['result.news', 'error.news'])
    for topic in [b'result.other', b'result.newsroom', b'result', b'result.news',
                  b'error.newsy', b'error.news', b'result.news.eu']:
        pub.publish(topic, mp({'t': topic.decode()}))
    rc, out, _ = finish(proc)
    topics = [json.loads(l)['topic'] for l in out.splitlines()]
    check(rc == 0 and topics == ['result.news', 'error.news', 'result.news.eu'],
          '--topic news: %r' % topics)
    pub.close()


def test_errors_only(ctx):
    pub = Publisher(ctx)
    proc = start_watch('-e', pub.endpoint, '--errors-only', '-n', '1')
    pub.wait_subscriptions(['error'])
    pub.publish(b'result', mp({'id': 'r'}))
    pub.publish(b'error', mp({'id': 'e'}))
    rc, out, _ = finish(proc)
    check(rc == 0 and out == '{"topic":"error","id":"e"}\n',
          '--errors-only: %r' % out)
    pub.close()


def watch_published(ctx, args, messages):
    """Start a watcher on a fresh publisher, publish once it has
    subscribed, and return (exit code, stdout)."""
    pub = Publisher(ctx)
    proc = start_watch('-e', pub.endpoint, *args)
    pub.wait_subscriptions(['result', 'error'])
    for frames in messages:
        pub.publish(*frames)
    rc, out, _ = finish(proc)
    pub.close()
    return rc, out


def test_exit_codes(ctx):
    one = [b'result', mp({'id': 'one'})]
    rc, out = watch_published(ctx, ['--timeout', '0.3'], [])
    check(rc == 3 and out == '', 'nothing within --timeout: exit 3 (%d)' % rc)
    rc, out = watch_published(ctx, ['--timeout', '0.5'], [one])
    check(rc == 0 and out.count('\n') == 1,
          'something, then --timeout: exit 0 (%d)' % rc)
    rc, out = watch_published(ctx, ['--timeout', '0.5', '--count', '3'],
                              [one, one])
    check(rc == 4 and out.count('\n') == 2,
          'fewer than --count, then --timeout: exit 4 (%d)' % rc)

    for signo in (signal.SIGTERM, signal.SIGINT):
        pub = Publisher(ctx)
        proc = start_watch('-e', pub.endpoint)
        pub.wait_subscriptions(['result', 'error'])
        pub.publish(b'result', mp({'id': 'before-signal'}))
        line = read_line(proc)
        check(line == '{"topic":"result","id":"before-signal"}\n',
              'line before signal: %r' % line)
        proc.send_signal(signo)
        rc, _, err = finish(proc)
        check(rc == 0, '%s: exit 0 (%d) %s' % (signo.name, rc, err))
        pub.close()

    r = subprocess.run([TEXTPIPE, 'watch', '--bogus'], capture_output=True)
    check(r.returncode == 2 and b'usage' in r.stderr and r.stdout == b'',
          'unknown option: exit 2, usage on stderr')
    r = subprocess.run([TEXTPIPE, 'watch', '--count', '0'], capture_output=True)
    check(r.returncode == 2, '--count 0: exit 2')
    r = subprocess.run([TEXTPIPE, 'watch', '--help'], capture_output=True)
    check(r.returncode == 0 and b'usage' in r.stdout and b'Exit' in r.stdout,
          '--help: usage on stdout, exit 0')
    r = subprocess.run([TEXTPIPE, 'watch', '-e', 'nonsense://x'],
                       capture_output=True, timeout=WAIT_MS / 1000)
    check(r.returncode == 1 and b'nonsense' in r.stderr,
          'bad endpoint: exit 1 (%d)' % r.returncode)


def main():
    if not os.access(TEXTPIPE, os.X_OK):
        print('no', TEXTPIPE)
        sys.exit(77)
    ctx = zmq.Context()
    for test in (test_tricky_values, test_bin_array, test_malformed_skipped,
                 test_topic_filter, test_errors_only, test_exit_codes):
        test(ctx)
    ctx.term()
    exit_with_report()


if __name__ == '__main__':
    main()
