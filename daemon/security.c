/*
 * security.c - CURVE encryption and authentication for the daemon's
 * sockets.
 *
 * When [security] curve_secret_key_file is set, every socket the daemon
 * binds (input, output, control) is a CURVE server with that key, and
 * clients are admitted by a ZAP handler only if their public key is one of
 * the *.pub files in authorized_keys_dir. Key files hold a 40-character
 * Z85 key (as `textpipe keygen` writes them; '#' lines are comments). A
 * secret key file readable by group or others is refused, as ssh refuses a
 * private key with loose permissions.
 *
 * The ZAP handler is a thread of its own with a REP socket on
 * inproc://zeromq.zap.01 (the endpoint libzmq asks): a blocking loop that
 * ends when the context is terminated (ETERM).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"

#define Z85_KEY_LEN 40
#define MAX_AUTHORIZED 4096

struct tp_security {
    char secret_z85[Z85_KEY_LEN + 1];
    char public_z85[Z85_KEY_LEN + 1];
    uint8_t (*authorized)[32];
    size_t n_authorized;
    void *zap;
    pthread_t thread;
    int thread_started;
    uint64_t refused;
};

/* Read the first key line of a file: 40 Z85 characters. */
static int read_key_file(const char *path, char out[Z85_KEY_LEN + 1],
                         int secret, char *err, size_t err_len)
{
    FILE *fp;
    char line[256];
    struct stat sb;
    int found = 0;

    fp = fopen(path, "r");
    if (!fp) {
        snprintf(err, err_len, "%s: cannot open key file: %s", path,
                 strerror(errno));
        return -1;
    }
    if (secret && fstat(fileno(fp), &sb) == 0 && (sb.st_mode & 077)) {
        snprintf(err, err_len,
                 "%s: secret key file is readable by %s (mode %04o): "
                 "chmod 600 it",
                 path, (sb.st_mode & 007) ? "everyone" : "its group",
                 (unsigned)(sb.st_mode & 07777));
        fclose(fp);
        return -1;
    }
    while (!found && fgets(line, sizeof line, fp)) {
        char *p = line, *end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || !*p)
            continue;
        end = p + strlen(p);
        while (end > p && (end[-1] == '\n' || end[-1] == '\r' ||
                           end[-1] == ' ' || end[-1] == '\t'))
            *--end = 0;
        if (strlen(p) != Z85_KEY_LEN) {
            snprintf(err, err_len,
                     "%s: expected a 40-character Z85 key, found %zu characters",
                     path, strlen(p));
            fclose(fp);
            return -1;
        }
        memcpy(out, p, Z85_KEY_LEN + 1);
        found = 1;
    }
    fclose(fp);
    if (!found) {
        snprintf(err, err_len, "%s: no key in the file", path);
        return -1;
    }
    return 0;
}

static int load_authorized(tp_security *sec, const char *dir, char *err,
                           size_t err_len)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d) {
        snprintf(err, err_len, "[security] authorized_keys_dir %s: %s", dir,
                 strerror(errno));
        return -1;
    }
    sec->authorized = calloc(MAX_AUTHORIZED, sizeof *sec->authorized);
    if (!sec->authorized) {
        closedir(d);
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        char path[4096], z85[Z85_KEY_LEN + 1];
        if (n < 5 || strcmp(e->d_name + n - 4, ".pub") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (read_key_file(path, z85, 0, err, err_len) != 0) {
            closedir(d);
            return -1;
        }
        if (sec->n_authorized == MAX_AUTHORIZED) {
            snprintf(err, err_len, "%s: more than %d keys", dir, MAX_AUTHORIZED);
            closedir(d);
            return -1;
        }
        if (!zmq_z85_decode(sec->authorized[sec->n_authorized], z85)) {
            snprintf(err, err_len, "%s: not a valid Z85 key", path);
            closedir(d);
            return -1;
        }
        sec->n_authorized++;
    }
    closedir(d);
    if (sec->n_authorized == 0)
        tp_log(TP_LOG_WARN,
               "[security] authorized_keys_dir %s has no *.pub keys: every "
               "client will be refused",
               dir);
    return 0;
}

int tp_security_load(const tp_config *cfg, tp_security **out, char *err,
                     size_t err_len)
{
    tp_security *sec;
    *out = NULL;
    if (!cfg->curve_secret_key_file) {
        if (cfg->curve_public_key_file || cfg->authorized_keys_dir) {
            snprintf(err, err_len,
                     "[security] needs curve_secret_key_file to turn CURVE on");
            return -1;
        }
        return 0;
    }
    if (!cfg->authorized_keys_dir) {
        snprintf(err, err_len,
                 "[security] curve_secret_key_file is set but "
                 "authorized_keys_dir is not: name the folder of client *.pub "
                 "keys to admit");
        return -1;
    }
    if (!zmq_has("curve")) {
        snprintf(err, err_len, "this libzmq was built without CURVE");
        return -1;
    }
    sec = calloc(1, sizeof *sec);
    if (!sec) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    if (read_key_file(cfg->curve_secret_key_file, sec->secret_z85, 1, err,
                      err_len) != 0)
        goto fail;
    if (zmq_curve_public(sec->public_z85, sec->secret_z85) != 0) {
        snprintf(err, err_len, "%s: not a valid CURVE secret key",
                 cfg->curve_secret_key_file);
        goto fail;
    }
    if (cfg->curve_public_key_file) {
        char given[Z85_KEY_LEN + 1];
        if (read_key_file(cfg->curve_public_key_file, given, 0, err,
                          err_len) != 0)
            goto fail;
        if (strcmp(given, sec->public_z85) != 0) {
            snprintf(err, err_len,
                     "%s: this public key does not belong to the secret key "
                     "in %s",
                     cfg->curve_public_key_file, cfg->curve_secret_key_file);
            goto fail;
        }
    }
    if (load_authorized(sec, cfg->authorized_keys_dir, err, err_len) != 0)
        goto fail;
    *out = sec;
    return 0;
fail:
    free(sec->authorized);
    free(sec);
    return -1;
}

static int recv_frame(void *s, char *buf, size_t cap, int *more)
{
    size_t more_len = sizeof *more;
    int n = zmq_recv(s, buf, cap, 0);
    if (n < 0)
        return -1;
    if (zmq_getsockopt(s, ZMQ_RCVMORE, more, &more_len) != 0)
        *more = 0;
    return n > (int)cap ? (int)cap : n;
}

/* One ZAP request (RFC 27): version, request id, domain, address,
 * identity, mechanism, credentials... Answer 200 for a known CURVE key. */
static void *zap_main(void *arg)
{
    tp_security *sec = arg;
    for (;;) {
        char frames[8][256];
        int sizes[8], more = 1, n = 0;
        const char *status = "400", *text = "unknown client key";
        while (more) {
            char scratch[256];
            int len = recv_frame(sec->zap, n < 8 ? frames[n] : scratch, 256, &more);
            if (len < 0) {
                if (errno == ETERM)
                    goto out;
                if (errno == EINTR)
                    continue;
                goto out;
            }
            if (n < 8)
                sizes[n] = len;
            n++;
        }
        if (n < 6)
            continue; /* malformed: no reply possible on REP without frames */
        if (sizes[5] == 5 && memcmp(frames[5], "CURVE", 5) == 0 && n >= 7 &&
            sizes[6] == 32) {
            for (size_t i = 0; i < sec->n_authorized; i++)
                if (memcmp(sec->authorized[i], frames[6], 32) == 0) {
                    status = "200";
                    text = "OK";
                    break;
                }
            if (status[0] != '2') {
                char z85[Z85_KEY_LEN + 1];
                zmq_z85_encode(z85, (const uint8_t *)frames[6], 32);
                sec->refused++;
                tp_log_limited("zap", TP_LOG_WARN,
                               "refused a client with unknown CURVE key %s "
                               "from %.*s",
                               z85, sizes[3], frames[3]);
            }
        } else {
            text = "CURVE required";
        }
        zmq_send(sec->zap, "1.0", 3, ZMQ_SNDMORE);
        zmq_send(sec->zap, frames[1], (size_t)sizes[1], ZMQ_SNDMORE);
        zmq_send(sec->zap, status, 3, ZMQ_SNDMORE);
        zmq_send(sec->zap, text, strlen(text), ZMQ_SNDMORE);
        zmq_send(sec->zap, "", 0, ZMQ_SNDMORE); /* user id */
        zmq_send(sec->zap, "", 0, 0);           /* metadata */
    }
out:
    zmq_close(sec->zap);
    sec->zap = NULL;
    return NULL;
}

int tp_security_start(tp_security *sec, void *zctx, char *err, size_t err_len)
{
    int linger = 0;
    sec->zap = zmq_socket(zctx, ZMQ_REP);
    if (!sec->zap || zmq_setsockopt(sec->zap, ZMQ_LINGER, &linger, sizeof linger) ||
        zmq_bind(sec->zap, "inproc://zeromq.zap.01") != 0) {
        snprintf(err, err_len, "cannot start the ZAP handler: %s",
                 zmq_strerror(errno));
        if (sec->zap)
            zmq_close(sec->zap);
        sec->zap = NULL;
        return -1;
    }
    if (pthread_create(&sec->thread, NULL, zap_main, sec) != 0) {
        snprintf(err, err_len, "cannot start the ZAP thread");
        zmq_close(sec->zap);
        sec->zap = NULL;
        return -1;
    }
    sec->thread_started = 1;
    tp_log(TP_LOG_INFO, "CURVE on: server public key %s, %zu client keys",
           sec->public_z85, sec->n_authorized);
    return 0;
}

int tp_security_apply(tp_security *sec, void *socket, char *err,
                      size_t err_len)
{
    int one = 1;
    if (zmq_setsockopt(socket, ZMQ_CURVE_SERVER, &one, sizeof one) ||
        zmq_setsockopt(socket, ZMQ_CURVE_SECRETKEY, sec->secret_z85,
                       Z85_KEY_LEN) ||
        zmq_setsockopt(socket, ZMQ_ZAP_DOMAIN, "textpipe", 8)) {
        snprintf(err, err_len, "cannot set CURVE options: %s",
                 zmq_strerror(errno));
        return -1;
    }
    return 0;
}

void tp_security_free(tp_security *sec)
{
    if (!sec)
        return;
    /* The context was terminated before: the thread has seen ETERM. */
    if (sec->thread_started)
        pthread_join(sec->thread, NULL);
    free(sec->authorized);
    free(sec);
}
