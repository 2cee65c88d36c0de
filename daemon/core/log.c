/*
 * log.c - one line per event on stderr, with a level.
 *
 * Under journald (JOURNAL_STREAM is set and names our stderr) each line
 * carries an sd-daemon priority prefix ("<3>") so the journal records the
 * level, and no time stamp (the journal has its own). Otherwise a line is
 * "2026-11-28T10:00:00.123Z textpiped[123] warn: message".
 * Repeated per-document errors go through tp_log_limited so a producer
 * sending garbage cannot flood the log.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tp_core.h"

static const char *log_progname = "textpipe";
static int log_level = TP_LOG_INFO;
static int log_journal;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {"error", "warn", "info", "debug"};
/* sd-daemon priorities: err, warning, info, debug */
static const int level_priorities[] = {3, 4, 6, 7};

/* JOURNAL_STREAM is "device:inode" of the journal's stream; only trust it
 * when it really is our stderr (a child of a journald service inherits the
 * variable but may have its stderr redirected). */
static int stderr_is_journal(void)
{
    const char *js = getenv("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat st;
    if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
        return 0;
    if (fstat(STDERR_FILENO, &st) != 0)
        return 0;
    return (unsigned long long)st.st_dev == dev &&
           (unsigned long long)st.st_ino == ino;
}

void tp_log_init(const char *progname, int level)
{
    if (progname)
        log_progname = progname;
    log_level = level;
    log_journal = stderr_is_journal();
}

void tp_log_set_level(int level)
{
    log_level = level;
}

int tp_log_get_level(void)
{
    return log_level;
}

int tp_log_level_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, level_names[i]) == 0)
            return i;
    if (strcmp(s, "warning") == 0)
        return TP_LOG_WARN;
    return -1;
}

static void log_write(int level, const char *fmt, va_list ap)
{
    char msg[2048];
    int n;
    if (level < 0)
        level = 0;
    if (level > 3)
        level = 3;
    n = vsnprintf(msg, sizeof msg, fmt, ap);
    if (n < 0)
        return;
    /* One line per event: a newline inside a message would split it. */
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';

    pthread_mutex_lock(&log_lock);
    if (log_journal) {
        fprintf(stderr, "<%d>%s: %s\n", level_priorities[level],
                level_names[level], msg);
    } else {
        struct timespec ts;
        struct tm tm;
        char when[32];
        clock_gettime(CLOCK_REALTIME, &ts);
        gmtime_r(&ts.tv_sec, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
        fprintf(stderr, "%s.%03ldZ %s[%ld] %s: %s\n", when,
                ts.tv_nsec / 1000000, log_progname, (long)getpid(),
                level_names[level], msg);
    }
    fflush(stderr);
    pthread_mutex_unlock(&log_lock);
}

void tp_log(int level, const char *fmt, ...)
{
    va_list ap;
    if (level > log_level)
        return;
    va_start(ap, fmt);
    log_write(level, fmt, ap);
    va_end(ap);
}

/* A small table of rate-limit buckets keyed by string; collisions share a
 * bucket, which only makes limiting a little stricter. */
#define LIMIT_BUCKETS 64
#define LIMIT_BURST 10
#define LIMIT_WINDOW_S 10

struct limit_bucket {
    time_t window_start;
    unsigned count;
    unsigned suppressed;
};
static struct limit_bucket limit_buckets[LIMIT_BUCKETS];

static unsigned key_hash(const char *s)
{
    unsigned h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

void tp_log_limited(const char *key, int level, const char *fmt, ...)
{
    struct limit_bucket *b;
    time_t now = time(NULL);
    unsigned suppressed = 0;
    int pass;
    va_list ap;

    if (level > log_level)
        return;
    b = &limit_buckets[key_hash(key) % LIMIT_BUCKETS];
    pthread_mutex_lock(&log_lock);
    if (now - b->window_start >= LIMIT_WINDOW_S) {
        suppressed = b->suppressed;
        b->window_start = now;
        b->count = 0;
        b->suppressed = 0;
    }
    pass = b->count < LIMIT_BURST;
    if (pass)
        b->count++;
    else
        b->suppressed++;
    pthread_mutex_unlock(&log_lock);

    if (!pass)
        return;
    if (suppressed)
        tp_log(level, "(%u similar messages suppressed: %s)", suppressed, key);
    va_start(ap, fmt);
    log_write(level, fmt, ap);
    va_end(ap);
}
