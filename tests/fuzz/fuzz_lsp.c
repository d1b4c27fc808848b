/* fuzz_lsp.c — the language server's fuzz harness: arbitrary bytes as what an
 * editor sends to `dxp lsp`.
 *
 * The input is the server's standard input: Content-Length framing, JSON-RPC
 * messages, documents opened and changed, positions asked about (hover,
 * definition, symbols, formatting). The answers go to /dev/null; what is
 * checked is that nothing crashes, hangs or leaks (under ASan and UBSan in
 * make test SANITIZE=1). Documents may import the standard library only and
 * no .dxplint is read, so an input never reads the file system. Built like
 * fuzz.c (driver.h): for AFL++, libFuzzer, or as a replayer of files. */
#include "dxp/lsp.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *answers;
    if (!answers) answers = fopen("/dev/null", "w");
    if (size == 0) return 0;                 /* fmemopen wants at least a byte */
    FILE *in = fmemopen((void *)data, size, "r");
    if (!in) return 0;
    dxp_lsp_options opt = { .stdlib_only = true };
    dxp_lsp_run(in, answers, &opt);
    fclose(in);
    return 0;
}

#include "driver.h"
