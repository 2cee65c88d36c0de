/*
 * plugin_loader.c - dlopen a stage plugin and check its descriptor.
 *
 * The file is opened with RTLD_NOW | RTLD_LOCAL so a missing symbol fails
 * here, at load, and two plugins cannot see each other's symbols. The
 * descriptor is checked before anything in it is used: ABI major equal,
 * minor not newer than ours, struct_size at least the 1.0 size, the
 * callbacks present. Every refusal is one line that names the file.
 * Libraries are never dlclose()d while an instance from them lives: the
 * pipeline spec that owns the plugin outlives its instances.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tp_core.h"

struct tp_plugin {
    char *path;
    void *handle;
    const tp_stage_desc *desc;
};

/* The size of the descriptor in ABI 1.0; later minors only use reserved
 * slots, so this stays the minimum a host accepts. */
#define TP_STAGE_DESC_SIZE_1_0 ((uint32_t)sizeof(tp_stage_desc))

static int check_layer_list(const char *const *layers, const char *what,
                            const char *path, char *err, size_t err_len)
{
    if (!layers)
        return 0;
    for (size_t i = 0; layers[i]; i++) {
        if (i >= 32 || !*layers[i]) {
            snprintf(err, err_len, "plugin %s: malformed %s list", path, what);
            return -1;
        }
    }
    return 0;
}

static int check_options(const tp_stage_desc *d, const char *path, char *err,
                         size_t err_len)
{
    if (!d->options)
        return 0;
    for (size_t i = 0; d->options[i].name; i++) {
        const tp_option_def *o = &d->options[i];
        if (i >= 256) {
            snprintf(err, err_len,
                     "plugin %s: option table has no end (name == NULL)", path);
            return -1;
        }
        /* Types appear with ABI minors: a plugin may only use those of
         * the minor it was built for (and this host knows). */
        if (o->type < TP_OPT_STR ||
            o->type > (d->abi_minor >= 1 ? TP_OPT_PATH_LIST : TP_OPT_PATH)) {
            snprintf(err, err_len, "plugin %s: option '%s' has unknown type %u",
                     path, o->name, o->type);
            return -1;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(d->options[j].name, o->name) == 0) {
                snprintf(err, err_len, "plugin %s: option '%s' declared twice",
                         path, o->name);
                return -1;
            }
    }
    return 0;
}

static int check_desc(const tp_stage_desc *d, const char *path, char *err,
                      size_t err_len)
{
    if (d->abi_major != TP_ABI_MAJOR) {
        snprintf(err, err_len,
                 "plugin %s: built for plugin ABI %u.x, this host runs %d.%d",
                 path, d->abi_major, TP_ABI_MAJOR, TP_ABI_MINOR);
        return -1;
    }
    if (d->abi_minor > TP_ABI_MINOR) {
        snprintf(err, err_len,
                 "plugin %s: built for plugin ABI %u.%u, newer than this "
                 "host's %d.%d: upgrade textpipe",
                 path, d->abi_major, d->abi_minor, TP_ABI_MAJOR, TP_ABI_MINOR);
        return -1;
    }
    if (d->struct_size < TP_STAGE_DESC_SIZE_1_0) {
        snprintf(err, err_len,
                 "plugin %s: descriptor is %u bytes, ABI %d.0 needs %u",
                 path, d->struct_size, TP_ABI_MAJOR, TP_STAGE_DESC_SIZE_1_0);
        return -1;
    }
    if (!d->name || !*d->name || !d->version || !*d->version) {
        snprintf(err, err_len, "plugin %s: descriptor has no name or version",
                 path);
        return -1;
    }
    if (!d->create || !d->process || !d->destroy) {
        snprintf(err, err_len,
                 "plugin %s: descriptor lacks create, process or destroy",
                 path);
        return -1;
    }
    if (check_layer_list(d->requires, "requires", path, err, err_len) ||
        check_layer_list(d->provides, "provides", path, err, err_len))
        return -1;
    return check_options(d, path, err, err_len);
}

/*
 * Like sshd's StrictModes: a plugin runs with the daemon's privileges, so
 * the file and its folder must not be writable by anyone else than their
 * owner, and the owner must be root or the daemon's own user. Otherwise
 * anyone who can write there could run code as the daemon.
 */
static int check_owner_and_mode(const char *path, const struct stat *sb,
                                const char *what, const char *plugin,
                                char *err, size_t err_len)
{
    if (sb->st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(err, err_len,
                 "plugin %s: refused: %s %s is %s-writable (mode %04o); "
                 "chmod go-w it",
                 plugin, what, path,
                 (sb->st_mode & S_IWOTH) ? "world" : "group",
                 (unsigned)(sb->st_mode & 07777));
        return -1;
    }
    if (sb->st_uid != 0 && sb->st_uid != geteuid()) {
        snprintf(err, err_len,
                 "plugin %s: refused: %s %s is owned by uid %u, neither root "
                 "nor the daemon's user (uid %u)",
                 plugin, what, path, (unsigned)sb->st_uid, (unsigned)geteuid());
        return -1;
    }
    return 0;
}

static int check_plugin_file(const char *path, const struct stat *sb,
                             char *err, size_t err_len)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    struct stat dsb;

    if (!S_ISREG(sb->st_mode)) {
        snprintf(err, err_len, "plugin %s: not a regular file", path);
        return -1;
    }
    if (check_owner_and_mode(path, sb, "file", path, err, err_len))
        return -1;
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        snprintf(dir, sizeof dir, ".");
    if (stat(dir, &dsb) != 0) {
        snprintf(err, err_len, "plugin %s: cannot stat its folder", path);
        return -1;
    }
    /* A sticky world-writable folder (/tmp) still lets others add files
     * but not replace ours; plugins there are refused all the same. */
    return check_owner_and_mode(dir, &dsb, "folder", path, err, err_len);
}

tp_plugin *tp_plugin_load(const char *path, char *err, size_t err_len)
{
    tp_plugin *p;
    void *handle;
    tp_stage_entry_fn entry;
    const tp_stage_desc *desc;
    struct stat sb;

    if (stat(path, &sb) != 0) {
        snprintf(err, err_len, "plugin %s: no such file", path);
        return NULL;
    }
    if (check_plugin_file(path, &sb, err, err_len))
        return NULL;
    dlerror();
    handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        snprintf(err, err_len, "plugin %s: cannot load: %s", path,
                 why ? why : "unknown error");
        return NULL;
    }
    *(void **)&entry = dlsym(handle, TP_STAGE_ENTRY_SYMBOL);
    if (!entry) {
        snprintf(err, err_len,
                 "plugin %s: no %s symbol (not a textpipe stage plugin?)", path,
                 TP_STAGE_ENTRY_SYMBOL);
        dlclose(handle);
        return NULL;
    }
    desc = entry(TP_ABI_MAJOR);
    if (!desc) {
        snprintf(err, err_len,
                 "plugin %s: refuses to run in a host of plugin ABI %d", path,
                 TP_ABI_MAJOR);
        dlclose(handle);
        return NULL;
    }
    if (check_desc(desc, path, err, err_len)) {
        dlclose(handle);
        return NULL;
    }
    p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        dlclose(handle);
        snprintf(err, err_len, "plugin %s: out of memory", path);
        return NULL;
    }
    p->handle = handle;
    p->desc = desc;
    return p;
}

const tp_stage_desc *tp_plugin_desc(const tp_plugin *p)
{
    return p->desc;
}

void tp_plugin_unload(tp_plugin *p)
{
    if (!p)
        return;
    dlclose(p->handle);
    free(p->path);
    free(p);
}
