# dxp — build, test, bench, install.
#
#   make            build build/dxp (installs missing Debian build dependencies first)
#   make run        build, check the bundled Miyagi plans, print their R6 progress report
#   make test       unit tests, end-to-end cases, crash corpus, examples, spec examples
#   make test SANITIZE=1   the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make install PREFIX=/usr/local
#   make golden     regenerate expected outputs of tests/cases (review the diff!)
#   make valgrind   every example and case input under Valgrind memcheck,
#                   and a plan large enough for the threads under Helgrind
#   make po         refresh po/dxp.pot and merge new messages into po/ja.po

PREFIX   ?= /usr/local
CC       ?= cc
FLEX     ?= flex
BISON    ?= bison

ifeq ($(FUZZ),afl)
# AFL++ instrumentation (make fuzz). Without sanitizers by default, for speed
# (ASan costs 5-10x here); every input AFL keeps is replayed under ASan + UBSan
# by make test SANITIZE=1. FUZZ_ASAN=1 fuzzes with them on.
BUILD    := build/afl$(if $(filter 1,$(FUZZ_ASAN)),-asan,)
CC       := afl-clang-fast
ifeq ($(FUZZ_ASAN),1)
export AFL_USE_ASAN := 1
export AFL_USE_UBSAN := 1
endif
SANFLAGS :=
OPT      := -O2 -g
else ifeq ($(FUZZ),libfuzzer)
# libFuzzer (make fuzz-libfuzzer): clang, every object instrumented for its
# coverage, with ASan + UBSan.
BUILD    := build/libfuzzer
CC       := clang
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      := -O1 -g
else ifeq ($(SANITIZE),1)
BUILD    := build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT      := -O1 -g
else
BUILD    := build
SANFLAGS :=
OPT      := -O2 -g
endif

WARN     := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter
CFLAGS_ALL := $(OPT) $(WARN) $(SANFLAGS) -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DDXP_LOCALEDIR='"$(PREFIX)/share/locale"' -Iinclude -I$(BUILD)/gen $(CFLAGS)
# Generated scanner/parser code gets the same flags minus the ones it cannot meet.
GEN_CFLAGS := $(CFLAGS_ALL) -Wno-missing-prototypes -Wno-sign-compare -Wno-unused-function
LDLIBS_ALL := -lutf8proc -ljansson -lm -pthread $(LDLIBS)

SRCS     := $(wildcard src/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/lexer.o $(BUILD)/obj/parser.o \
            $(BUILD)/obj/parser_fast.o $(BUILD)/obj/stdlib_embed.o $(BUILD)/obj/docs_embed.o
DXP      := $(BUILD)/dxp
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
STDLIB   := $(wildcard stdlib/*.dxp)
DEPS_OK  := build/.deps-ok

.PHONY: all run test install clean deps golden valgrind po fuzz fuzz-libfuzzer bench
all: $(DXP)

# ---- build dependencies ---------------------------------------------------
# Debian packages: flex, bison (>= 3.8), libutf8proc-dev, libcmocka-dev; the
# tests also use python3, python3-jsonschema, valgrind, groff-base (the man
# page), vim and emacs-nox (the editor modes). Installed with apt-get when
# missing and running as root; otherwise the command to run is printed.
DEB_PACKAGES := flex bison gettext libutf8proc-dev libjansson-dev libcmocka-dev python3 python3-jsonschema valgrind groff-base vim emacs-nox

deps: $(DEPS_OK)
$(DEPS_OK): tools/deps.sh
	@sh tools/deps.sh $(DEB_PACKAGES)
	@mkdir -p build && touch $@

# ---- generated sources (never committed) -----------------------------------
# `&:` (GNU make 4.3) makes each .c and its .h one target: under -j the
# generator used to run twice at once, writing the same files.
$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: grammar/parser.y | $(DEPS_OK)
	@mkdir -p $(BUILD)/gen
	$(BISON) -Wall -Werror --defines=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

# The same grammar without lookahead correction (LAC): faster, but its syntax
# errors may list fewer expected tokens. It parses the halves of a large file,
# which are kept only when they parse without a diagnostic (parser.y). Its own
# directory holds its parser.h, which it includes instead of the one above.
$(BUILD)/gen/fast/parser.c $(BUILD)/gen/fast/parser.h &: grammar/parser.y | $(DEPS_OK)
	@mkdir -p $(BUILD)/gen/fast
	$(BISON) -Wall -Werror -Fparse.lac=none --defines=$(BUILD)/gen/fast/parser.h -o $(BUILD)/gen/fast/parser.c $<

$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: grammar/lexer.l | $(DEPS_OK)
	@mkdir -p $(BUILD)/gen
	$(FLEX) -Cf --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

$(BUILD)/gen/stdlib_embed.c: $(STDLIB) tools/embed.sh
	@mkdir -p $(BUILD)/gen
	sh tools/embed.sh $(STDLIB) > $@.tmp && mv $@.tmp $@

# docs/diagnostics.md, for `dxp explain`
$(BUILD)/gen/docs_embed.c: docs/diagnostics.md tools/embed-text.sh
	@mkdir -p $(BUILD)/gen
	sh tools/embed-text.sh dxp_diagnostics_md docs/diagnostics.md > $@.tmp && mv $@.tmp $@

# ---- objects ----------------------------------------------------------------
# The generated sources include the project's headers too.
$(BUILD)/obj/lexer.o: $(BUILD)/gen/lexer.c $(BUILD)/gen/parser.h $(wildcard include/dxp/*.h)
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

$(BUILD)/obj/parser.o: $(BUILD)/gen/parser.c $(BUILD)/gen/lexer.h $(wildcard include/dxp/*.h)
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

$(BUILD)/obj/parser_fast.o: $(BUILD)/gen/fast/parser.c $(BUILD)/gen/lexer.h $(wildcard include/dxp/*.h)
	@mkdir -p $(@D)
	$(CC) -I$(BUILD)/gen/fast $(GEN_CFLAGS) -DDXP_PARSER_FAST -c -o $@ $<

$(BUILD)/obj/stdlib_embed.o: $(BUILD)/gen/stdlib_embed.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/docs_embed.o: $(BUILD)/gen/docs_embed.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h $(wildcard include/dxp/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# Japanese messages: po/ja.po compiled beside the binary (build/locale), where
# dxp looks before the installed PREFIX/share/locale.
MO := $(BUILD)/locale/ja/LC_MESSAGES/dxp.mo
$(MO): po/ja.po | $(DEPS_OK)
	@mkdir -p $(@D)
	msgfmt -c -o $@ $<

$(DXP): $(LIB_OBJS) $(BUILD)/obj/main.o $(MO)
	$(CC) $(CFLAGS_ALL) -o $@ $(LIB_OBJS) $(BUILD)/obj/main.o $(LDLIBS_ALL)

# ---- tests ------------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $^ $(LDLIBS_ALL) -lcmocka

# The fuzz harnesses as plain programs that replay files (the corpora and every
# crash found so far, in make test, under ASan + UBSan with SANITIZE=1): plans
# through the whole pipeline (fuzz.c), and what an editor sends the language
# server (fuzz_lsp.c).
# $(call link_harness,FLAG): a harness ($<) linked with the library, given
# -DDXP_FUZZ_MAIN (a main of its own: a replayer, or AFL++'s loop) or
# -fsanitize=fuzzer (libFuzzer's main).
link_harness = $(CC) $(CFLAGS_ALL) -Wno-missing-prototypes $(1) -o $@ $< $(LIB_OBJS) $(LDLIBS_ALL)
REPLAY := $(BUILD)/fuzz-replay
REPLAY_LSP := $(BUILD)/fuzz-lsp-replay
$(REPLAY) build/afl/fuzz-afl build/afl-asan/fuzz-afl: tests/fuzz/fuzz.c tests/fuzz/driver.h $(LIB_OBJS)
	@mkdir -p $(@D)
	$(call link_harness,-DDXP_FUZZ_MAIN)
$(REPLAY_LSP) build/afl/fuzz-lsp-afl build/afl-asan/fuzz-lsp-afl: tests/fuzz/fuzz_lsp.c tests/fuzz/driver.h $(LIB_OBJS)
	@mkdir -p $(@D)
	$(call link_harness,-DDXP_FUZZ_MAIN)

test: $(DXP) $(UNIT_BINS) $(REPLAY) $(REPLAY_LSP)
	@DXP=$(DXP) BUILD=$(BUILD) REPLAY=$(REPLAY) REPLAY_LSP=$(REPLAY_LSP) sh tests/run.sh $(UNIT_BINS)

# ---- fuzzing -----------------------------------------------------------------
# make fuzz FUZZ_SECONDS=3600    an AFL++ campaign (Debian afl++) on plans,
#                                seeded with tests/fuzz/corpus and the
#                                dictionary dxp.dict; crashes go to
#                                build/fuzz-out/default/crashes — copy each to
#                                tests/fuzz/regressions and fix it.
# make fuzz FUZZ_HARNESS=lsp     the same on the language server's input
#                                (tests/fuzz/lsp-corpus, lsp.dict, dxp.dict),
#                                into build/fuzz-lsp-out; crashes go to
#                                tests/fuzz/lsp-regressions.
# make fuzz-libfuzzer            the plan harness under libFuzzer (clang), or
#                                with FUZZ_HARNESS=lsp the language server's.
FUZZ_SECONDS ?= 600
FUZZ_HARNESS ?= plan
# Per harness: its programs' names, seeds and dictionaries (the first is libFuzzer's).
ifeq ($(FUZZ_HARNESS),lsp)
FUZZ_NAME   := fuzz-lsp
FUZZ_CORPUS := tests/fuzz/lsp-corpus
FUZZ_DICTS  := tests/fuzz/lsp.dict tests/fuzz/dxp.dict
else
FUZZ_NAME   := fuzz
FUZZ_CORPUS := tests/fuzz/corpus
FUZZ_DICTS  := tests/fuzz/dxp.dict
endif
FUZZ_BIN  := build/afl$(if $(filter 1,$(FUZZ_ASAN)),-asan,)/$(FUZZ_NAME)-afl
FUZZ_OUT  := build/$(FUZZ_NAME)-out
LIBFUZZER := build/libfuzzer/$(FUZZ_NAME)-libfuzzer
LIBFUZZER_CORPUS := build/$(FUZZ_NAME)-libfuzzer-corpus

fuzz:
	@command -v afl-fuzz >/dev/null || { echo "make fuzz needs afl++: apt-get install afl++"; exit 2; }
	$(MAKE) FUZZ=afl FUZZ_ASAN=$(FUZZ_ASAN) $(FUZZ_BIN)
	@echo "dxp: fuzzing for $(FUZZ_SECONDS) s; progress in $(FUZZ_OUT)/default/fuzzer_stats"
	ulimit -f 1000000; AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
	    timeout -s KILL $$(($(FUZZ_SECONDS) + 120)) \
	    afl-fuzz -i $(FUZZ_CORPUS) -o $(FUZZ_OUT) $(addprefix -x ,$(FUZZ_DICTS)) -V $(FUZZ_SECONDS) -- $(FUZZ_BIN) > build/fuzz.log 2>&1 || true
	@grep -E 'execs_done|execs_per_sec|saved_crashes|saved_hangs|corpus_count' $(FUZZ_OUT)/default/fuzzer_stats

fuzz-libfuzzer:
	@command -v clang >/dev/null || { echo "make fuzz-libfuzzer needs clang: apt-get install clang"; exit 2; }
	$(MAKE) FUZZ=libfuzzer $(LIBFUZZER)
	@mkdir -p $(LIBFUZZER_CORPUS)
	$(LIBFUZZER) -max_total_time=$(FUZZ_SECONDS) -dict=$(firstword $(FUZZ_DICTS)) $(LIBFUZZER_CORPUS) $(FUZZ_CORPUS)

build/libfuzzer/fuzz-libfuzzer: tests/fuzz/fuzz.c tests/fuzz/driver.h $(LIB_OBJS)
	$(call link_harness,-fsanitize=fuzzer)
build/libfuzzer/fuzz-lsp-libfuzzer: tests/fuzz/fuzz_lsp.c tests/fuzz/driver.h $(LIB_OBJS)
	$(call link_harness,-fsanitize=fuzzer)

# ---- benchmark (not part of make test) ------------------------------------------
# make bench [BENCH_SIZES="1000 10000"]   writes bench/RESULTS.md
BENCH_SIZES ?= 1000 10000 100000 1000000
$(BUILD)/bench-scan: bench/scan.l | $(DEPS_OK)
	@mkdir -p $(BUILD)/gen
	$(FLEX) -CF -o $(BUILD)/gen/bench-scan.c $<
	$(CC) -O2 -o $@ $(BUILD)/gen/bench-scan.c

$(BUILD)/bench-peak: bench/peak.c
	@mkdir -p $(BUILD)
	$(CC) -O2 -Wall -Wextra -o $@ $<

bench: $(DXP) $(BUILD)/bench-scan $(BUILD)/bench-peak
	@command -v jq >/dev/null || { echo "make bench needs jq: apt-get install jq"; exit 2; }
	python3 bench/run.py $(DXP) $(BUILD)/bench-scan $(BUILD)/bench-peak $(BUILD)/bench $(BENCH_SIZES)

valgrind: $(DXP)
	@DXP=$(DXP) sh tests/valgrind.sh

# Refresh the message template and merge new messages into po/ja.po
# (then translate them: make test fails while one is missing).
po:
	sh tools/extract-messages.sh po/dxp.pot
	msgmerge --quiet --update --backup=none --no-location po/ja.po po/dxp.pot

golden: $(DXP)
	@DXP=$(DXP) sh tests/run-cases.sh --update

# ---- running and installing -------------------------------------------------
# The main job: the R6 progress report of the bundled Miyagi plan.
run: $(DXP)
	$(DXP) check examples/miyagi-2021-2024/policy.dxp examples/miyagi-2021-2024/r6-actuals.dxp \
	    examples/miyagi-dx-2025-draft.dxp
	$(DXP) eval examples/miyagi-2021-2024/r6-actuals.dxp --year R6

install: $(DXP)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dxp/stdlib
	install -m 755 $(DXP) $(DESTDIR)$(PREFIX)/bin/dxp
	install -m 644 $(STDLIB) $(DESTDIR)$(PREFIX)/share/dxp/stdlib/
	install -d $(DESTDIR)$(PREFIX)/share/locale/ja/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/ja/LC_MESSAGES/dxp.mo
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 docs/dxp.1 $(DESTDIR)$(PREFIX)/share/man/man1/dxp.1

clean:
	rm -rf build
