# syntax=docker/dockerfile:1
# dynamodb-backup-operator image: build the shaded jar with Maven, run it on a distroless Java 17
# JRE (no shell, no package manager) as UID 65532. The same image, layered differently, comes
# from `mvn -Pjib compile jib:buildTar` when there is no Docker engine.
#   docker build -t ghcr.io/ddbbackup/dynamodb-backup-operator:0.1.0 .

# ---- build ----------------------------------------------------------------------------------
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first: this layer is reused until pom.xml changes
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY src ./src
COPY crds ./crds
# tests run in CI (.ci/run); the image build only packages (spotless would rewrite sources)
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q package -DskipTests -Dspotless.skip=true \
 && cp target/dynamodb-backup-operator.jar /dynamodb-backup-operator.jar

# ---- run ------------------------------------------------------------------------------------
FROM gcr.io/distroless/java17-debian12:nonroot
LABEL org.opencontainers.image.title="dynamodb-backup-operator" \
      org.opencontainers.image.description="Schedules Amazon DynamoDB on-demand backups from DynamoDBBackupSchedule resources" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build --chown=65532:65532 /dynamodb-backup-operator.jar /app/dynamodb-backup-operator.jar
# the root filesystem is read-only in the pod: the JVM writes only to /tmp (an emptyDir there)
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 65532:65532
EXPOSE 8080
# exec form: the JVM is PID 1 and gets SIGTERM directly (its shutdown hook stops the operator)
ENTRYPOINT ["java", "-jar", "/app/dynamodb-backup-operator.jar"]
