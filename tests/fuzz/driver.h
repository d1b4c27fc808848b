/* driver.h — main() for a fuzz harness that defines LLVMFuzzerTestOneInput,
 * included at its end. Without DXP_FUZZ_MAIN (libFuzzer) it adds nothing.
 *   AFL++ (afl-clang-fast): persistent mode, many inputs a process;
 *   otherwise a replayer: each file named on the command line (or standard
 *   input) is one input, and it prints "fuzz-replay: N passed" when none
 *   crashed (make test runs it over the corpora and regressions). */
#ifdef DXP_FUZZ_MAIN
#include "dxp/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>   /* read(), used by AFL++'s persistent-mode macros */

#ifndef __AFL_FUZZ_TESTCASE_LEN
static unsigned char *read_all(FILE *f, size_t *n)
{
    size_t cap = 1 << 16;
    unsigned char *buf = malloc(cap);
    *n = 0;
    size_t got;
    while (buf && (got = fread(buf + *n, 1, cap - *n, f)) > 0) {
        *n += got;
        if (*n == cap) buf = realloc(buf, cap *= 2);
    }
    return buf;
}
#endif

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();
#endif

int main(int argc, char **argv)
{
    dxp_i18n_init("en");
#ifdef __AFL_FUZZ_TESTCASE_LEN
    /* AFL++ persistent mode: many inputs per process. */
    (void)argc;
    (void)argv;
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000)) LLVMFuzzerTestOneInput(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
    return 0;
#else
    int status = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); status = 2; continue; }
        size_t n;
        unsigned char *data = read_all(f, &n);
        fclose(f);
        LLVMFuzzerTestOneInput(data, n);
        free(data);
    }
    if (argc == 1) {
        size_t n;
        unsigned char *data = read_all(stdin, &n);
        LLVMFuzzerTestOneInput(data, n);
        free(data);
    }
    printf("fuzz-replay: %d passed, 0 failed\n", argc > 1 ? argc - 1 : 1);
    return status;
#endif
}
#endif
