# syntax=docker/dockerfile:1
# --- build -------------------------------------------------------------------------------------
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY flows flows
COPY i18n i18n
RUN ./mvnw -B -q -DskipTests package && java -jar target/dalil.jar validate .

# --- run ---------------------------------------------------------------------------------------
FROM eclipse-temurin:21-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app --uid 10001 dalil
WORKDIR /app
COPY --from=build /src/target/dalil.jar /app/dalil.jar
COPY --chown=dalil:dalil flows /app/flows
COPY --chown=dalil:dalil i18n /app/i18n
RUN mkdir -p /app/data && chown dalil:dalil /app/data
USER dalil
ENV DALIL_PORT=7070
EXPOSE 7070
# The embedded PostgreSQL (used when DALIL_DATABASE_URL is not set) keeps its files here.
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${DALIL_PORT}/health" || exit 1
# The class-data archive is written by the first start and makes the next ones about a second
# faster (bench/RESULTS.md).
ENTRYPOINT ["java", "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=/app/data/dalil.jsa", \
            "-XX:+ExitOnOutOfMemoryError", "-Dstdout.encoding=UTF-8", "-jar", "/app/dalil.jar"]
CMD ["serve"]
