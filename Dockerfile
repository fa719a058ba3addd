# Meshplane image: the runnable jar (all commands: server, frontend, transformer, envoy-management,
# k8s-controller) on a JRE, run as a non-root user. Build: docker build -t meshplane .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests -pl launcher -am package

FROM eclipse-temurin:17-jre
RUN groupadd --gid 10001 meshplane && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin meshplane \
    && mkdir -p /data && chown 10001:10001 /data
COPY --from=build /src/launcher/target/meshplane.jar /opt/meshplane/meshplane.jar
USER 10001:10001
# Heap sized from the container's memory limit; /tmp is the only writable path besides /data.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"
EXPOSE 7080 7081 7082 7083 9443
ENTRYPOINT ["java", "-jar", "/opt/meshplane/meshplane.jar"]
CMD ["server", "--bind=0.0.0.0", "--data-dir=/data"]
