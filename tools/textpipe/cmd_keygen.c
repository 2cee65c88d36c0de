/*
 * cmd_keygen.c - `textpipe keygen`: make a CURVE keypair for textpiped's
 * [security] section or for a client, and the client side of CURVE that
 * `send` (and any other subcommand) uses to connect to a daemon that
 * requires it. A key file is one line: the 40-character Z85 text of a
 * 32-byte key and a newline. The secret key (PREFIX.key) is created with
 * mode 0600 and the public key (PREFIX.pub) with 0644, whatever the umask;
 * existing files are not overwritten unless --force, and a symlink in
 * their place is never followed (a secret must not land where a link
 * points).
 */
#include "client.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zmq.h>

#define CMD "keygen"
#define DEFAULT_PREFIX "textpipe"

static const char keygen_usage[] =
    "usage: textpipe keygen [--out PREFIX] [--force]\n"
    "\n"
    "Generate a CURVE keypair (zmq_curve_keypair) and write it as two\n"
    "files of one line each, the key as 40 characters of Z85:\n"
    "  PREFIX.key  the secret key, mode 0600\n"
    "  PREFIX.pub  the public key, mode 0644\n"
    "and print the public key on stdout.\n"
    "\n"
    "For textpiped: [security] curve_secret_key_file = PREFIX.key,\n"
    "curve_public_key_file = PREFIX.pub; a client's PREFIX.pub goes into\n"
    "the daemon's authorized_keys_dir. A client passes its own PREFIX with\n"
    "--curve-key and the daemon's .pub with --curve-server-key.\n"
    "\n"
    "  -o, --out PREFIX  where to write (default ./textpipe)\n"
    "  -f, --force       replace existing files\n"
    "  -h, --help        this help\n"
    "\n"
    "Exit: 0 both files written; 1 not written (a file exists without\n"
    "--force, cannot write, or libzmq was built without CURVE); 2 bad\n"
    "command line.\n";

/*
 * Write `line` and a newline to `path` with exactly `mode`. Without
 * `force` an existing file is an error; with it the old file is removed
 * first, so the new one never inherits another mode or owner. O_NOFOLLOW
 * and O_EXCL together refuse a symlink planted at the path. 0, or -1
 * with err.
 */
static int write_key_file(const char *path, const char *line, mode_t mode,
                          int force, char *err, size_t err_len)
{
    size_t len = strlen(line);
    int fd;

    if (force && unlink(path) != 0 && errno != ENOENT) {
        snprintf(err, err_len, "%s: cannot replace: %s", path, strerror(errno));
        return -1;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        snprintf(err, err_len, "%s: %s%s", path, strerror(errno),
                 errno == EEXIST ? " (use --force to replace it)" : "");
        return -1;
    }
    /* The umask may have taken bits away from `mode` (or the file system
     * may add some): set it exactly. */
    if (fchmod(fd, mode) != 0 || write(fd, line, len) != (ssize_t)len ||
        write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
        snprintf(err, err_len, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(path);
        return -1;
    }
    if (close(fd) != 0) {
        snprintf(err, err_len, "%s: cannot write: %s", path, strerror(errno));
        unlink(path);
        return -1;
    }
    return 0;
}

/* lstat, not access: a dangling symlink is in the way too. */
static int path_taken(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

int cmd_keygen(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *prefix = DEFAULT_PREFIX;
    char public_key[41], secret_key[41];
    char *pub_path = NULL, *key_path = NULL;
    char err[512];
    int c, force = 0, rc = TP_EXIT_FAILED;

    while ((c = getopt_long(argc, argv, "o:fh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg)
                return cli_usage_error(CMD, keygen_usage, "--out: empty");
            prefix = optarg;
            break;
        case 'f':
            force = 1;
            break;
        case 'h':
            fputs(keygen_usage, stdout);
            return TP_EXIT_OK;
        default:
            return cli_usage_error(CMD, keygen_usage, NULL);
        }
    }
    if (optind < argc)
        return cli_usage_error(CMD, keygen_usage, "unexpected argument '%s'",
                               argv[optind]);
    if (zmq_curve_keypair(public_key, secret_key) != 0) {
        cli_error(CMD, "zmq_curve_keypair: %s (is libzmq built with CURVE?)",
                  zmq_strerror(errno));
        return TP_EXIT_FAILED;
    }
    if (asprintf(&key_path, "%s.key", prefix) < 0 ||
        asprintf(&pub_path, "%s.pub", prefix) < 0) {
        cli_error(CMD, "out of memory");
        goto out;
    }
    /* Refuse before writing anything, so a refusal leaves no half pair. */
    if (!force && (path_taken(key_path) || path_taken(pub_path))) {
        cli_error(CMD, "%s: exists (use --force to replace it)",
                  path_taken(key_path) ? key_path : pub_path);
        goto out;
    }
    if (write_key_file(key_path, secret_key, 0600, force, err, sizeof(err)) !=
        0) {
        cli_error(CMD, "%s", err);
        goto out;
    }
    if (write_key_file(pub_path, public_key, 0644, force, err, sizeof(err)) !=
        0) {
        cli_error(CMD, "%s", err);
        unlink(key_path); /* no secret without its public half */
        goto out;
    }
    printf("%s\n", public_key);
    fprintf(stderr, "textpipe keygen: wrote %s (secret, 0600) and %s\n",
            key_path, pub_path);
    rc = TP_EXIT_OK;
out:
    /* The secret stays only in its file. */
    explicit_bzero(secret_key, sizeof(secret_key));
    free(key_path);
    free(pub_path);
    return rc;
}

/* ---- the client side of CURVE ------------------------------------------- */

int cli_curve_read_key(const char *path, char key[41], char *err,
                       size_t err_len)
{
    uint8_t raw[32];
    char line[128];
    FILE *f = fopen(path, "re");
    size_t n;

    if (!f) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    /* The first line that is not blank or a '#' comment, as the daemon
     * reads its own key files. */
    do {
        if (!fgets(line, sizeof(line), f)) {
            line[0] = '\0';
            break;
        }
        n = strcspn(line, "\r\n");
        line[n] = '\0';
    } while (line[0] == '#' || line[0] == '\0');
    fclose(f);
    n = strlen(line);
    if (n != 40 || !zmq_z85_decode(raw, line)) {
        explicit_bzero(line, sizeof(line));
        snprintf(err, err_len,
                 "%s: not a CURVE key (a line of 40 Z85 characters, as "
                 "textpipe keygen writes; '#' lines are comments)",
                 path);
        return -1;
    }
    memcpy(key, line, 41);
    explicit_bzero(line, sizeof(line));
    explicit_bzero(raw, sizeof(raw));
    return 0;
}

int cli_curve_client_setup(void *socket, const char *server_key_file,
                           const char *client_prefix, char *err,
                           size_t err_len)
{
    char server_key[41], public_key[41], secret_key[41];
    char *path = NULL;
    int rc = -1;

    if (!server_key_file && !client_prefix)
        return 0;
    if (!server_key_file) {
        snprintf(err, err_len, "--curve-key needs --curve-server-key");
        return -1;
    }
    if (cli_curve_read_key(server_key_file, server_key, err, err_len) != 0)
        return -1;
    if (client_prefix) {
        if (asprintf(&path, "%s.key", client_prefix) < 0 ||
            cli_curve_read_key(path, secret_key, err, err_len) != 0)
            goto out;
        free(path);
        path = NULL;
        if (asprintf(&path, "%s.pub", client_prefix) < 0 ||
            cli_curve_read_key(path, public_key, err, err_len) != 0)
            goto out;
    } else if (zmq_curve_keypair(public_key, secret_key) != 0) {
        /* No key of our own: an ephemeral one still encrypts, and a daemon
         * without authorized_keys_dir accepts it. */
        snprintf(err, err_len, "zmq_curve_keypair: %s", zmq_strerror(errno));
        goto out;
    }
    if (zmq_setsockopt(socket, ZMQ_CURVE_SERVERKEY, server_key, 40) != 0 ||
        zmq_setsockopt(socket, ZMQ_CURVE_PUBLICKEY, public_key, 40) != 0 ||
        zmq_setsockopt(socket, ZMQ_CURVE_SECRETKEY, secret_key, 40) != 0) {
        snprintf(err, err_len, "cannot set CURVE keys: %s",
                 zmq_strerror(errno));
        goto out;
    }
    rc = 0;
out:
    explicit_bzero(secret_key, sizeof(secret_key));
    free(path);
    return rc;
}
