#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`). SwiftPM
/// links an executable with its own `main`, so `tillval-fuzz` calls the
/// driver itself instead of using libFuzzer's `main`. Only referenced when
/// the fuzz build defines FUZZING.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
