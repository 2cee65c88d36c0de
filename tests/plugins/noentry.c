/* noentry.c - a shared object without the tp_stage_entry symbol. */
__attribute__((visibility("default"))) int noentry_something(void);
__attribute__((visibility("default"))) int noentry_something(void)
{
    return 42;
}
