/*
 * cmd_bench.c - `textpipe bench`: the in-process benchmark of the
 * pipeline (issue 3). Being written: for now it says so and fails.
 */
#include "client.h"

int cmd_bench(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("bench", "not implemented yet");
    return TP_EXIT_FAILED;
}
