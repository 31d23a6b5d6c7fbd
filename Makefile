# graft build. `make run` and `make test` are the two commands the README
# promises; both bootstrap first. Grammar objects live in build/grammars and
# are rebuilt only when their npm package changes (package.json is the dep).

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
NM      := node_modules
TS      := $(NM)/tree-sitter/vendor/tree-sitter/lib
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
# V=1 shows full command lines.
ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2)
endif

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wformat=2 -Wno-unused-parameter -Werror
OPT     ?= -O2 -g
SAN     ?=
CPPFLAGS_GRAFT := -Iinclude -Isrc -I$(BUILD)/gen -I$(TS)/include \
           -D_GNU_SOURCE -DGRAFT_BUILD
CFLAGS_GRAFT   := -std=c11 $(OPT) $(WARN) $(SAN) -fvisibility=hidden -pthread
LDLIBS_GRAFT   := -lcrypto -lyaml -lpcre2-8 -ljansson -pthread

# name:source-directory for every grammar compiled in.
GRAMMAR_DIRS := \
  python:$(NM)/tree-sitter-python/src \
  javascript:$(NM)/tree-sitter-javascript/src \
  typescript:$(NM)/tree-sitter-typescript/typescript/src \
  tsx:$(NM)/tree-sitter-typescript/tsx/src \
  java:$(NM)/tree-sitter-java/src \
  go:$(NM)/tree-sitter-go/src \
  rust:$(NM)/tree-sitter-rust/src \
  c:$(NM)/tree-sitter-c/src \
  cpp:$(NM)/tree-sitter-cpp/src \
  json:$(NM)/tree-sitter-json/src \
  bash:$(NM)/tree-sitter-bash/src \
  toml:$(NM)/@tree-sitter-grammars/tree-sitter-toml/src \
  yaml:$(NM)/@tree-sitter-grammars/tree-sitter-yaml/src
gname = $(word 1,$(subst :, ,$1))
gdir  = $(word 2,$(subst :, ,$1))
GRAMMARS := $(foreach g,$(GRAMMAR_DIRS),$(call gname,$g))
# Grammar and runtime objects are third-party code: compiled once, -O2, no
# project warnings, no sanitizers, shared by every build tier. -fPIC keeps
# them usable in a shared library; -fno-semantic-interposition lets the
# compiler inline calls between the runtime's own functions again, which
# -fPIC alone forbids: about 10% of parse time (bench/RESULTS.md). The
# runtime is also built with a profile (scripts/build-runtime): ~20% more.
GOBJ_DIR := build/grammars
# Every grammar gets a scanner object, empty when it has no scanner.c: the
# list must not depend on node_modules, which may not exist yet when make
# reads this file (a fresh clone running `make` before bootstrap).
GRAMMAR_OBJS := $(foreach g,$(GRAMMAR_DIRS),$(GOBJ_DIR)/$(call gname,$g)-parser.o \
    $(GOBJ_DIR)/$(call gname,$g)-scanner.o)
TS_OBJ := $(GOBJ_DIR)/ts-runtime.o

SRCS    := $(sort $(wildcard src/*/*.c))
LIBSRCS := $(filter-out src/cmd/%,$(SRCS))
CMDSRCS := $(filter src/cmd/%,$(SRCS))
LIBOBJS := $(LIBSRCS:%.c=$(BUILD)/%.o)
CMDOBJS := $(CMDSRCS:%.c=$(BUILD)/%.o)
LIB     := $(BUILD)/libgraft.a
BIN     := $(BUILD)/graft
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRCS := $(sort $(wildcard bench/*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

.PHONY: all run test check check-asan check-format format cppcheck fuzz bench \
        install clean bootstrap deps tests
.DEFAULT_GOAL := all

all: $(BIN) $(LIB)

bootstrap:
	@scripts/bootstrap

# npm ci leaves this stamp; every grammar/runtime object depends on it.
$(NM)/.graft-installed: package-lock.json
	@scripts/bootstrap

$(BUILD)/gen/grammars.h: scripts/gen-grammars package-lock.json $(NM)/.graft-installed
	@mkdir -p $(dir $@)
	@scripts/gen-grammars $(GRAMMAR_DIRS) > $@.tmp && mv $@.tmp $@

QUERIES := $(sort $(wildcard queries/*/*.scm))
# The directories too: their times change when a query file is removed.
$(BUILD)/gen/queries.h: scripts/gen-queries $(QUERIES) queries $(wildcard queries/*/)
	@mkdir -p $(dir $@)
	@scripts/gen-queries $(QUERIES) > $@.tmp && mv $@.tmp $@
# only the query registry includes it
$(BUILD)/src/syntax/symbols.o: $(BUILD)/gen/queries.h

# Profile-guided with GCC: the script trains it on the grammar objects.
$(TS_OBJ): $(NM)/.graft-installed scripts/build-runtime scripts/pgo-train.c $(GRAMMAR_OBJS)
	@mkdir -p $(dir $@)
	$(call msg,CC,$@)
	$(Q)scripts/build-runtime "$(CC)" $(TS) $@ $(filter %-parser.o,$(GRAMMAR_OBJS))

define grammar_rules
$(GOBJ_DIR)/$(call gname,$1)-parser.o: $(NM)/.graft-installed
	@mkdir -p $(GOBJ_DIR)
	$$(call msg,CC,$$@)
	$$(Q)$$(CC) -O2 -g -std=gnu11 -w -fPIC -fno-semantic-interposition -I$(call gdir,$1) -c $(call gdir,$1)/parser.c -o $$@
$(GOBJ_DIR)/$(call gname,$1)-scanner.o: $(NM)/.graft-installed
	@mkdir -p $(GOBJ_DIR)
	$$(call msg,CC,$$@)
	$$(Q)if [ -f $(call gdir,$1)/scanner.c ]; then \
	    $$(CC) -O2 -g -std=gnu11 -w -fPIC -fno-semantic-interposition -I$(call gdir,$1) -c $(call gdir,$1)/scanner.c -o $$@; \
	else printf 'typedef int graft_no_scanner;\n' | $$(CC) -O2 -fPIC -x c -c - -o $$@; fi
endef
$(foreach g,$(GRAMMAR_DIRS),$(eval $(call grammar_rules,$g)))

$(BUILD)/%.o: %.c $(BUILD)/gen/grammars.h
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(CPPFLAGS_GRAFT) $(CFLAGS_GRAFT) -MMD -MP -c $< -o $@

$(LIB): $(LIBOBJS) $(GRAMMAR_OBJS) $(TS_OBJ)
	@rm -f $@
	$(call msg,AR,$@)
	$(Q)ar rcs $@ $^

$(BIN): $(CMDOBJS) $(LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS_GRAFT) -o $@ $(CMDOBJS) $(LIB) $(LDLIBS_GRAFT)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CPPFLAGS_GRAFT) $(CFLAGS_GRAFT) -Wno-missing-prototypes -o $@ $< $(LIB) -lcmocka $(LDLIBS_GRAFT)

$(BUILD)/tests/%: tests/tools/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CPPFLAGS_GRAFT) $(CFLAGS_GRAFT) -Wno-missing-prototypes -o $@ $< $(LIB) $(LDLIBS_GRAFT)

# Fuzz targets double as corpus-replay programs in normal test runs.
$(BUILD)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(LIB)
	@mkdir -p $(dir $@)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CPPFLAGS_GRAFT) $(CFLAGS_GRAFT) -Wno-missing-prototypes -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS_GRAFT)
REPLAY_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/tests/replay_%)

tests: $(BIN) $(UNIT_BINS) $(TOOL_BINS) $(REPLAY_BINS)

run: bootstrap
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@echo '$$ graft langs'; $(BIN) langs
	@echo; echo '$$ graft files examples/shop'; $(BIN) files examples/shop
	@echo; echo '$$ graft parse --errors $$(graft files examples/shop)'; \
	    $(BIN) parse --errors $$($(BIN) files examples/shop); echo "(exit $$?: 1 means syntax errors found)"
	@echo; echo "$$ graft find 'print(\$$\$$\$$ARGS)' examples/shop"; \
	    $(BIN) find 'print($$$$$$ARGS)' examples/shop
	@echo; echo "$$ graft find -l typescript 'console.log(\$$\$$\$$)' --json=stream examples/shop | cut -c1-120"; \
	    $(BIN) find -l typescript 'console.log($$$$$$)' --json=stream examples/shop | cut -c1-120
	@echo; echo "$$ graft find '\$$A.\$$B(\$$\$$\$$C)' --count examples/shop"; \
	    $(BIN) find '$$A.$$B($$$$$$C)' --count examples/shop
	@echo; echo '$$ graft scan -r examples/rules/shop.yml examples/shop'; \
	    $(BIN) scan --color never -r examples/rules/shop.yml examples/shop; \
	    echo "(exit $$?: 1 means a rule of severity error matched)"
	@echo; echo '$$ graft scan -r examples/rules/shop.yml --fix examples/shop   # a diff; --write applies it'; \
	    $(BIN) scan -r examples/rules/shop.yml --fix examples/shop; true
	@echo; echo '$$ (cd examples/shop && graft run ../plans/shop-logging.yml --dry-run)   # a plan; nothing written'; \
	    cd examples/shop && $(abspath $(BIN)) run ../plans/shop-logging.yml --dry-run --run-id make-run-$$$$; true

test: bootstrap
	@$(MAKE) --no-print-directory -j$(JOBS) tests
	@BUILD=$(BUILD) tests/run

check-asan: bootstrap
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" tests
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	    BUILD=build-asan GRAFT_SANITIZED=1 tests/run

check: test check-format cppcheck

check-format:
	@clang-format --dry-run --Werror $(SRCS) $(wildcard src/*/*.h include/graft/*.h) $(UNIT_SRCS) $(FUZZ_SRCS) $(TOOL_SRCS)

format:
	clang-format -i $(SRCS) $(wildcard src/*/*.h include/graft/*.h) $(UNIT_SRCS) $(FUZZ_SRCS) $(TOOL_SRCS)

cppcheck:
	@cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,performance,portability \
	    --inline-suppr --suppress=missingIncludeSystem -Iinclude -Isrc src

# libFuzzer targets (clang). FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz: bootstrap
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	    SAN="-fsanitize=fuzzer-no-link,address,undefined" $(BUILD)/gen/grammars.h build-fuzz/libgraft.a
	@set -e; for f in $(FUZZ_SRCS); do n=$$(basename $$f .c); \
	    clang $(CPPFLAGS_GRAFT) -Ibuild-fuzz/gen -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	        -o build-fuzz/$$n $$f build-fuzz/libgraft.a $(LDLIBS_GRAFT); \
	    mkdir -p build-fuzz/corpus/$$n; \
	    echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	    build-fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        build-fuzz/corpus/$$n tests/fuzz/corpus/$$n; done

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CPPFLAGS_GRAFT) $(CFLAGS_GRAFT) -Wno-missing-prototypes -o $@ $< $(LIB) $(LDLIBS_GRAFT)

bench: bootstrap
	@$(MAKE) --no-print-directory -j$(JOBS) all $(BENCH_BINS)
	@BUILD=$(BUILD) bench/run

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/graft \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/graft
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libgraft.a
	install -m 644 include/graft/*.h $(DESTDIR)$(PREFIX)/include/graft/
	sed -e 's|@PREFIX@|$(PREFIX)|g' scripts/graft.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/graft.pc
	scripts/gen-man $(BIN) > $(DESTDIR)$(PREFIX)/share/man/man1/graft.1

clean:
	rm -rf build build-asan build-fuzz

-include $(LIBOBJS:.o=.d) $(CMDOBJS:.o=.d)
