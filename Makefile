# Thin wrapper over CMake (as neovim's top-level Makefile is): CMake stays
# the build system. `make demo` and `make test` install what they need.
BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)

.PHONY: all deps test-deps build build-asan demo test test-release test-asan bench clean format install
PREFIX     ?= /usr/local

all: build

deps:
	@bash .ci/deps.sh

# `make build` only builds; `make demo` and `make test` install what they need.
build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DGT_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)

build-asan:
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DGT_SANITIZE=ON -DGT_WERROR=ON
	cmake --build $(BUILD_ASAN) -j $(JOBS)

# The main job on the bundled example province.
demo: deps
	$(MAKE) build
	./$(BUILD)/gistool site examples/ninh-binh/site.yaml
	./$(BUILD)/gistool rank examples/ninh-binh/rank.yaml
	./$(BUILD)/gistool map out/ninh-binh-site.gpkg
	./$(BUILD)/gistool map out/ninh-binh-rank.gpkg
	./$(BUILD)/gistool report out/ninh-binh-site.gpkg
	./$(BUILD)/gistool report out/ninh-binh-rank.gpkg
	@echo "Open out/ninh-binh-site.gpkg and out/ninh-binh-rank.gpkg in QGIS; map sheets: out/*-A4.pdf, out/*-A3.pdf, out/*.png; reports: out/*.html."
	./$(BUILD)/gistool network examples/ninh-binh/network.yaml
	@echo "gistool network: out/ninh-binh-network.gpkg, sheets out/ninh-binh-network-A4.pdf, -A3.pdf, .png"
	rm -f out/ninh-binh-register.gpkg
	./$(BUILD)/gistool register init out/ninh-binh-register.gpkg --province "Ninh Bình"
	./$(BUILD)/gistool register import out/ninh-binh-register.gpkg facilities examples/ninh-binh/data/synthetic/synthetic_landfills.gpkg --status-date 2024-12-31
	./$(BUILD)/gistool register import out/ninh-binh-register.gpkg history examples/ninh-binh/data/synthetic/register_history.csv
	./$(BUILD)/gistool register import out/ninh-binh-register.gpkg indicators examples/ninh-binh/data/synthetic/register_indicators.csv
	./$(BUILD)/gistool progress out/ninh-binh-register.gpkg --year 2027 --plan out/ninh-binh-rank.gpkg
	@echo "Register: out/ninh-binh-register.gpkg; 2027 progress report: out/ninh-binh-progress-2027.html, .pdf, .csv"

# gistool on PATH: PREFIX/bin/gistool, the library, gistool.h and the
# shipped profiles (PREFIX/share/gistool/profiles). `make install
# PREFIX=$$HOME/.local` needs no root.
install: deps
	$(MAKE) build
	cmake --install $(BUILD) --prefix $(PREFIX)

# The whole suite, then again under AddressSanitizer + UBSan.
test: test-release test-asan

test-deps:
	@bash .ci/deps.sh --test

test-release: test-deps
	$(MAKE) build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: test-deps
	$(MAKE) build-asan
	ctest --test-dir $(BUILD_ASAN) --output-on-failure -j $(JOBS)

# On demand, not part of `make test` (see bench/README.md).
# Every goal of the benchmark from one run (bench/run.sh --quick leaves out
# the 400 M-cell and 1 M-parcel runs); installs GRASS and QGIS, its peers.
bench:
	@bash .ci/deps.sh --bench
	$(MAKE) build
	bash bench/run.sh $(BUILD)

format:
	clang-format -i algorithms/*.c algorithms/*.h layers/*.c layers/*.h gistool/*.c gistool/*.h gistool/cli/*.c gistool/cli/*.h tests/unit/*.c tests/layering/*.c tests/unit/*.h examples/*.c bench/*.c

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) out
