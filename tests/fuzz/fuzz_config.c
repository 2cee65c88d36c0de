/*
 * fuzz_config.c - libFuzzer target for the config parser: arbitrary bytes
 * as a config file must either load or be refused with a "file:line:"
 * message; never crash or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tp_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    tp_config cfg;
    char err[1024];
    FILE *fp;

    if (!path[0])
        snprintf(path, sizeof path, "/tmp/tp-fuzz-config-%d.conf", (int)getpid());
    fp = fopen(path, "w");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);

    tp_config_init(&cfg);
    err[0] = 0;
    if (tp_config_load(&cfg, path, err, sizeof err) != 0 &&
        strncmp(err, path, strlen(path)) != 0)
        __builtin_trap(); /* a refusal names the file */
    tp_config_free(&cfg);
    return 0;
}
