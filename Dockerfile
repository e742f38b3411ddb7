# TanLedger validator image: the TanLedger node and the pinned CometBFT it supervises.
#   docker build -t tanledger:0.1.0 .        (docker-compose.yml builds it for its four validators)
# A container runs one validator from a home written by `tanledger network init`:
#   docker run --rm -v net:/net tanledger:0.1.0 tanledger network init --home /net --validators 1
#   docker run -p 1317:1317 -v net:/net tanledger:0.1.0 tanledger node start --home /net/REGISTRY --host 0.0.0.0
#
# Three stages. `cometbft` builds the pinned CometBFT from the Go module proxy (as tools/cometbft.sh
# does); `proto` compiles the ABCI messages' Python classes from the .proto files of that same
# module, read from the first stage's module cache with the proxy switched off (node/abci/gen.py,
# as `make proto`); the runtime stage gets the binary and the classes, and neither Go nor grpcio-tools.
# Keep COMETBFT_VERSION equal to the Makefile's and the two pins below to pyproject.toml's
# (tests/test_compose.py checks both).
ARG COMETBFT_VERSION=v0.38.25

FROM golang:1.22-bookworm AS cometbft
ARG COMETBFT_VERSION
RUN go install github.com/cometbft/cometbft/cmd/cometbft@${COMETBFT_VERSION} \
 && test "$(cometbft version)" = "${COMETBFT_VERSION#v}"

FROM python:3.11-slim AS proto
ARG COMETBFT_VERSION
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/usr/local/go/bin:$PATH GOPATH=/go GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local
COPY --from=cometbft /usr/local/go /usr/local/go
COPY --from=cometbft /go/pkg/mod /go/pkg/mod
RUN pip install grpcio-tools==1.85.1 protobuf==7.36.2
WORKDIR /src
# gen.py alone, in empty packages: it writes node/abci/pb next to itself
COPY node/abci/gen.py ./node/abci/gen.py
RUN touch node/__init__.py node/abci/__init__.py \
 && python -m node.abci.gen ${COMETBFT_VERSION} \
 && test "$(cat node/abci/pb/VERSION)" = "${COMETBFT_VERSION}"

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /opt/tanledger
COPY pyproject.toml README.md ./
COPY ledger ./ledger
COPY contracts ./contracts
COPY node ./node
COPY cli ./cli
COPY --from=proto /src/node/abci/pb ./node/abci/pb
COPY --from=cometbft /go/bin/cometbft /usr/local/bin/cometbft
# /net is where docker-compose.yml's shared volume holds the network; an empty named volume
# mounted there takes the directory's owner, so the unprivileged user can write it.
RUN pip install . \
 && useradd --system --create-home --home-dir /home/tanledger tanledger \
 && mkdir -p /var/lib/tanledger /net \
 && chown tanledger /var/lib/tanledger /net

USER tanledger
# the TanLedger API, CometBFT's P2P, CometBFT's RPC
EXPOSE 1317 26656 26657
# A validator home holds genesis.json, validator.key, cometbft/ (and, without --db, node.db).
CMD ["tanledger", "node", "start", "--home", "/var/lib/tanledger", "--host", "0.0.0.0", "--port", "1317"]
