# Ferry. The two commands: `make run` (start Ferry on a laptop) and `make test` (every test).
SHELL := /bin/bash
GO ?= go
VAULT_VERSION := v1.19.5
# A built Vault binary is kept here too, so fresh checkouts on this machine reuse it.
VAULT_CACHE ?= $(HOME)/.cache/ferry
export CGO_ENABLED ?= 0

.PHONY: run test build vault eval bench fuzz lint clean

build: ## build the ferry binary
	$(GO) build -o ferry .

vault: ## build the real Vault server binary into bin/vault (once; about 12 minutes cold)
	@if [ -x bin/vault ] && bin/vault version 2>/dev/null | grep -q "$(VAULT_VERSION)"; then \
		echo "bin/vault $(VAULT_VERSION) present"; \
	elif [ -x "$(VAULT_CACHE)/vault" ] && "$(VAULT_CACHE)/vault" version 2>/dev/null | grep -q "$(VAULT_VERSION)"; then \
		mkdir -p bin && cp "$(VAULT_CACHE)/vault" bin/vault && echo "bin/vault $(VAULT_VERSION) copied from $(VAULT_CACHE)"; \
	else \
		mkdir -p bin && cd tools/vault && CGO_ENABLED=0 $(GO) build -ldflags='-s -w' -o ../../bin/vault . && \
		cd ../.. && bin/vault version && mkdir -p "$(VAULT_CACHE)" && cp bin/vault "$(VAULT_CACHE)/vault"; \
	fi

run: build vault ## start a dev Vault, write dev secrets and keys, and run Ferry on SQLite
	./ferry dev

test: build vault ## every test: unit, PostgreSQL, Vault, Chromium and end-to-end
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)
	FERRY_BIN=$(CURDIR)/ferry $(GO) test -count=1 -p 2 -timeout 30m ./...

eval: ## score the clinical stripper on the dev set, the Spanish set and the self-written English sets (incl. the blind ones)
	$(GO) run ./gateway/strip/cmd/stripeval -set ../shared/data/strip-dev.jsonl.gz -es gateway/strip/testdata/es/eval.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/eval.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh2.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh3.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh4.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh5.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh6.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh7.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh8.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh9.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh10.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh11.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh12.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh13.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh14.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh15.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh16.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh18.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh19.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh20.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh22.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh23.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh24.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh25.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh26.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh27.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh28.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh29.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh30.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh31.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh32.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh33.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh35.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh36.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh37.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh38.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh39.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh40.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh41.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh42.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh43.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh44.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh46.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh47.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh48.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh49.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh50.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh51.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh52.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh53.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh54.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh55.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh56.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh57.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh58.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh59.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh60.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh61.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh63.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh62.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh64.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/fresh65.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/en/harmless2.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh2.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh3.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh4.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh5.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh6.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh7.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh8.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/fresh9.jsonl
	$(GO) run ./gateway/strip/cmd/stripeval -set gateway/strip/testdata/es/consumer2.jsonl

bench: build vault ## Go benchmarks of the hot paths and the load script
	$(GO) test -run '^$$' -bench . -benchmem ./gateway/strip/ ./connectors/... ./portal/ ./gateway/audit/
	$(GO) run ./tools/load -bin ./ferry

fuzz: ## run every fuzz target for a bounded number of executions (FUZZTIME=20000x, or a duration)
	@for t in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for f in $$(grep -h '^func Fuzz' $$t/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
			echo "== $$t $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-20000x} $$t || exit 1; \
		done; \
	done

lint: ## vet and gofmt
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))"

clean:
	rm -f ferry
