# syntax=docker/dockerfile:1
#
# srmap as a container image: one static-data binary, the dataset embedded at build time.
#
#   docker build -t srmap .
#   docker run --rm -p 8080:8080 srmap
#   docker run --rm -p 8080:8080 -v "$PWD/my-data:/data:ro" -e SRMAP_DATA=/data srmap
#
# Stage 1 builds with the official Rust image; stage 2 is distroless "cc" (glibc and libgcc,
# no shell, no package manager), running as its unprivileged `nonroot` user. Both stages are
# Debian 12, so the binary finds the glibc it was linked against. See "Deploying and scaling
# out" in README.md; deploy/ holds the Kubernetes manifests.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-bookworm AS build
WORKDIR /src
# Only what the build reads (see .dockerignore): the crate, the dataset it embeds
# (include_dir! of data/), the OpenAPI document it serves and the page templates.
COPY Cargo.toml Cargo.lock build.rs askama.toml openapi.yaml ./
COPY src ./src
COPY data ./data
# The cache mounts keep downloaded crates and compiled dependencies between builds; the
# binary is copied out because the target cache is not part of the image.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
 && install -D -m 0755 target/release/srmap /out/srmap

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
COPY --from=build /out/srmap /usr/local/bin/srmap
# Listen on every interface inside the container (the binary's default is loopback only).
# Logs go to stderr as JSON lines for the cluster's log collector.
ENV SRMAP_BIND=0.0.0.0:8080 \
    SRMAP_LOG_FORMAT=json
EXPOSE 8080
# The numeric id of distroless's `nonroot`, so that Kubernetes' runAsNonRoot can check it.
USER 65532:65532
# No HEALTHCHECK: the image has no shell or HTTP client to run one with. Orchestrators probe
# GET /healthz (liveness) and GET /readyz (readiness) themselves; see deploy/deployment.yaml.
ENTRYPOINT ["/usr/local/bin/srmap"]
CMD ["serve"]
