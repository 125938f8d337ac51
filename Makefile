# The two commands of the README, and the pieces they are made of.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DB ?= sqlite:var/aftermath.db
LISTEN ?= 127.0.0.1:8080

.PHONY: serve check deps configure build bench eval lint lint-threads format clean

serve: build
	@$(BUILD)/aftermath demo load --db $(DB)
	exec $(BUILD)/aftermath serve --db $(DB) --listen $(LISTEN)

check: build
	npm ci --prefix tests/e2e --no-audit --no-fund
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -LE slow

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# Long benchmarks: never part of `make check`.
bench: build
	bash bench/run.sh
	bash bench/search/run.sh

# Name-matching quality on the shared evaluation data.
eval: build
	python3 ../shared/tools/eval_names.py $(BUILD)/aftermath ../shared/data/names/*.jsonl

lint: configure lint-threads
	git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance --std=c++20 \
	  --suppress=missingIncludeSystem -I src src

# Clang's thread-safety analysis (src/common/thread_annotations.h): the libraries and programs
# compiled with clang++ in their own build directory; nothing is run. No optimisation, no
# debug info: only the compiler's checks are wanted.
LINT_BUILD ?= build-lint
lint-threads:
	cmake -S . -B $(LINT_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Lint \
	  -DCMAKE_CXX_FLAGS="-Wthread-safety -Werror=thread-safety" \
	  -DAFTERMATH_BUILD_TESTS=OFF -DAFTERMATH_BUILD_BENCH=OFF \
	  $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache) >/dev/null
	cmake --build $(LINT_BUILD) -j$(JOBS)

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
