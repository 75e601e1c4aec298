package io.tourists.local;

import io.tourists.local.s3.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local runtime with template.yaml runs the import function on uploads to its in-process S3 store, as S3's
 * notification would, and runs the template's rate schedules. Started in-process on free ports.
 */
class LocalImportsIT {

    private static final ByteArrayOutputStream OUTPUT = new ByteArrayOutputStream();
    private static PipelineRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.start(new RuntimeSettings("127.0.0.1", 0, new RuntimeSettings.Sqs.Embedded(0),
                new RuntimeSettings.Database.Embedded(0, Optional.empty()), Path.of("template.yaml"), Map.of(), false,
                Duration.ZERO), new PrintStream(OUTPUT, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void anUploadToTheLocalBucket_isImported_andThePruneScheduleRuns() throws Exception {
        var banner = OUTPUT.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("schedule PruneFunction.Scheduled runs PruneFunction every 1 day")
                .doesNotContain("PruneFunction is not run here");
        var matcher = Pattern.compile("s3://(tourists-imports-local)/incoming/FOLDER/ at (http://127\\.0\\.0\\.1:\\d+)")
                .matcher(banner);
        assertThat(matcher.find()).as(banner).isTrue();
        try (var s3 = S3Client.builder().endpointOverride(URI.create(matcher.group(2))).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .build()) {
            // Any access key, as the AWS CLI would send it.
            assertThat(EmbeddedS3.ACCESS_KEY).isNotBlank();
            s3.putObject(r -> r.bucket(matcher.group(1)).key("incoming/local-it/tourists.csv"), RequestBody.fromString(
                    "firstName,lastName,email,nationality,dateOfBirth\n"
                            + "Ada,Lovelace,ada@local-import.example.com,GB,1990-12-10\n"
                            + "Grace,Hopper,grace@local-import.example.com,US,1986-12-09\n"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long stored = 0;
            while (stored < 2 && System.nanoTime() < deadline) {
                stored = tourists();
                Thread.sleep(200);
            }
            assertThat(stored).isEqualTo(2);
            assertThat(s3.listObjectsV2(r -> r.bucket(matcher.group(1)).prefix("runs/local-it/")).contents()).hasSize(1);
        }
    }

    private static long tourists() throws SQLException {
        try (var connection = DriverManager.getConnection(runtime.jdbcUrl(), "tourists", "tourists");
             var statement = connection.prepareStatement(
                     "select count(*) from tourist where email like '%@local-import.example.com'");
             var result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
