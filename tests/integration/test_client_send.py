#!/usr/bin/python3
"""`textpipe send` against a real ZeroMQ PULL socket this test binds.

Checks what arrives byte for byte (decoded with python3-msgpack): files and
stdin as documents, --id/--topic/--meta, JSON Lines with nested meta,
targets and bad lines, refusal of invalid UTF-8, the report on stderr, the
timeout when nobody listens, and the exit codes. The PULL is bound before
send starts and send waits for the connection (ZMQ_IMMEDIATE), so nothing
here depends on timing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import msgpack
import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tpharness import check, exit_with_report, failures  # noqa: E402

BUILD = os.environ.get('TP_BUILD_DIR', 'build')
TEXTPIPE = os.path.join(BUILD, 'bin', 'textpipe')
WAIT_MS = 10000


class Receiver:
    """A PULL on a free loopback port."""

    def __init__(self, ctx):
        self.sock = ctx.socket(zmq.PULL)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.RCVTIMEO, WAIT_MS)
        self.sock.bind('tcp://127.0.0.1:*')
        self.endpoint = self.sock.getsockopt_string(zmq.LAST_ENDPOINT)

    def receive(self, n):
        """The n messages send should have delivered (send has exited, so
        they are on their way), then any extra already here; each as (raw
        bytes, decoded)."""
        got = []
        while len(got) < n or self.sock.poll(0):
            try:
                frames = self.sock.recv_multipart()
            except zmq.Again:
                break
            check(len(frames) == 1, 'one frame per document')
            got.append((frames[0], msgpack.unpackb(frames[0], raw=False)))
        return got

    def close(self):
        self.sock.close()


def send(recv, n, args, stdin=None):
    """Run send to `recv`, expecting n documents; return (exit code,
    stderr, messages)."""
    r = subprocess.run([TEXTPIPE, 'send', '-e', recv.endpoint] + args,
                       input=stdin, capture_output=True, timeout=60)
    return r.returncode, r.stderr.decode('utf-8', 'replace'), recv.receive(n)


def report_matches(err, n, msgs, endpoint):
    total = sum(len(raw) for raw, _ in msgs)
    want = 'sent %d document%s (%d bytes) to %s' % (
        n, '' if n == 1 else 's', total, endpoint)
    return want in err


def test_files(ctx, tmp):
    recv = Receiver(ctx)
    a = os.path.join(tmp, 'a.txt')
    b = os.path.join(tmp, 'b.txt')
    with open(a, 'w', encoding='utf-8') as f:
        f.write('Mr. Smith said: "It’s fine." 😀\n')
    with open(b, 'wb') as f:
        f.write(b'second\x00with NUL')
    rc, err, msgs = send(recv, 2, [a, b])
    docs = [m for _, m in msgs]
    check(rc == 0, 'files: exit 0 (%d: %s)' % (rc, err))
    check(docs == [{'id': a, 'text': 'Mr. Smith said: "It’s fine." 😀\n'},
                   {'id': b, 'text': 'second\x00with NUL'}],
          'files: documents %r' % docs)
    check(report_matches(err, 2, msgs, recv.endpoint), 'files: report %r' % err)

    meta = '{"source":"wire","n":[1,2.5,{"deep":null}],"ü":true}'
    rc, err, msgs = send(recv, 1, ['--id', 'doc-7', '--topic', 'news',
                                '--meta', meta, a])
    check(rc == 0 and [m for _, m in msgs] == [{
        'id': 'doc-7', 'text': 'Mr. Smith said: "It’s fine." 😀\n',
        'topic': 'news', 'meta': json.loads(meta)}],
        '--id --topic --meta: %r' % msgs)

    rc, err, msgs = send(recv, 1, ['-'], stdin='from stdin'.encode())
    check(rc == 0 and [m for _, m in msgs] == [{'id': '-', 'text': 'from stdin'}],
          'stdin: %r' % msgs)

    bad = os.path.join(tmp, 'latin1.txt')
    with open(bad, 'wb') as f:
        f.write('caf\xe9'.encode('latin-1'))
    rc, err, msgs = send(recv, 1, [bad, a, os.path.join(tmp, 'missing')])
    check(rc == 1, 'invalid UTF-8 / missing file: exit 1 (%d)' % rc)
    check([m['id'] for _, m in msgs] == [a], 'only the good file sent')
    check(bad in err and 'bad_utf8' in err, 'invalid UTF-8 named: %r' % err)
    check('missing' in err, 'missing file named: %r' % err)
    check(report_matches(err, 1, msgs, recv.endpoint) and '2 failed' in err,
          'report counts failures: %r' % err)
    recv.close()


def test_jsonl(ctx, tmp):
    recv = Receiver(ctx)
    lines = [
        '{"id":"1","text":"plain"}',
        'this is not JSON',
        '',
        '{"id":"2","text":"with meta","meta":{"a":{"b":[1,"x",null]}},'
        '"topic":"own"}',
        '[1,2]',
        '{"id":"3","text":"targets list","targets":["ICE","sanctuary"]}',
        '{"id":"4","text":"targets map","targets":{"ICE":["ICE","agents"]}}',
        '{"text":"no id"}',
        '{"id":"5","text":"\\u00e9\\ud83d\\ude00 escaped","extra":"ignored"}',
        '{"id":6,"text":"id is a number"}',
    ]
    path = os.path.join(tmp, 'docs.jsonl')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    rc, err, msgs = send(recv, 5, ['--jsonl', '--topic', 'default', path])
    docs = [m for _, m in msgs]
    check(rc == 1, 'jsonl with bad lines: exit 1 (%d)' % rc)
    check(docs == [
        {'id': '1', 'text': 'plain', 'topic': 'default'},
        {'id': '2', 'text': 'with meta', 'meta': {'a': {'b': [1, 'x', None]}},
         'topic': 'own'},
        {'id': '3', 'text': 'targets list', 'targets': ['ICE', 'sanctuary'],
         'topic': 'default'},
        {'id': '4', 'text': 'targets map', 'targets': {'ICE': ['ICE', 'agents']},
         'topic': 'default'},
        {'id': '5', 'text': 'é😀 escaped', 'topic': 'default'},
    ], 'jsonl: documents %r' % docs)
    for lineno in (2, 5, 8, 10):
        check(re.search(r'docs\.jsonl:%d: ' % lineno, err),
              'jsonl: line %d reported: %r' % (lineno, err))
    check('missing_id' in err and 'bad_id' in err,
          'jsonl: protocol codes named: %r' % err)
    check(report_matches(err, 5, msgs, recv.endpoint) and '4 failed' in err,
          'jsonl: report %r' % err)

    good = '\n'.join(l for l in lines if l.startswith('{"id":"')) + '\n'
    rc, err, msgs = send(recv, 5, ['--jsonl', '-'], stdin=good.encode())
    check(rc == 0 and len(msgs) == 5, 'jsonl from stdin: exit 0, 5 sent')
    recv.close()


def test_no_daemon(ctx, tmp):
    # a port that nothing listens on: bind one, note it, close it
    probe = ctx.socket(zmq.PULL)
    probe.bind('tcp://127.0.0.1:*')
    endpoint = probe.getsockopt_string(zmq.LAST_ENDPOINT)
    probe.close()
    r = subprocess.run([TEXTPIPE, 'send', '-e', endpoint, '--timeout', '0.3',
                        '-', '-'], input=b'x', capture_output=True, timeout=30)
    err = r.stderr.decode()
    check(r.returncode == 1 and 'not taken' in err and 'sent 0 documents' in err,
          'no daemon: exit 1 after the timeout (%d: %r)' % (r.returncode, err))


def test_usage():
    for args in ([], ['--id', 'x', 'a', 'b'], ['--meta', '[1]', 'a'],
                 ['--meta', '{bad', 'a'], ['--jsonl', 'a', 'b'],
                 ['--jsonl', '--id', 'x', 'a'], ['--timeout', 'soon', 'a'],
                 ['--bogus', 'a']):
        r = subprocess.run([TEXTPIPE, 'send'] + args, capture_output=True)
        check(r.returncode == 2 and b'usage' in r.stderr and not r.stdout,
              'usage error %r: exit 2 (%d)' % (args, r.returncode))
    r = subprocess.run([TEXTPIPE, 'send', '--help'], capture_output=True)
    check(r.returncode == 0 and b'usage' in r.stdout, 'send --help: exit 0')
    for args in (['--help'], ['--version'], ['help', 'send']):
        r = subprocess.run([TEXTPIPE] + args, capture_output=True)
        check(r.returncode == 0 and r.stdout, 'textpipe %r: exit 0' % args)
    for args in ([], ['frobnicate']):
        r = subprocess.run([TEXTPIPE] + args, capture_output=True)
        check(r.returncode == 2 and b'usage' in r.stderr,
              'textpipe %r: exit 2' % args)


def main():
    if not os.access(TEXTPIPE, os.X_OK):
        print('no', TEXTPIPE)
        sys.exit(77)
    ctx = zmq.Context()
    with tempfile.TemporaryDirectory() as tmp:
        test_files(ctx, tmp)
        test_jsonl(ctx, tmp)
        test_no_daemon(ctx, tmp)
    test_usage()
    ctx.term()
    exit_with_report()


if __name__ == '__main__':
    main()
