package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tourists.lambda.AwsClients;
import io.tourists.lambda.FunctionSetup;
import io.tourists.local.lambda.LocalContext;
import io.tourists.read.ReadFunction;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.OwnDatabase;
import io.tourists.testing.ResumingProxy;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first read after an idle spell, against a database that, like a paused Aurora cluster resuming, accepts
 * a connection but answers only after a while: with {@code DB_CONNECT_TIMEOUT_SECONDS} (as the template sets it
 * where the stack created the cluster) the read waits and answers from the database; with the default 3 s it
 * answers 503. The hold is longer than a statement's socket budget (8 s), so the login's reads must wait too.
 */
class PausedDatabaseIT {

    private static final Duration RESUME = Duration.ofSeconds(10);
    private static final Pattern PORT = Pattern.compile(":(\\d+)/");

    private static OwnDatabase database;
    private static ResumingProxy proxy;
    private static Map<String, String> env;

    @BeforeAll
    static void startAResumingDatabase() {
        database = OwnDatabase.start("paused");
        var direct = database.functionEnvironment(1);
        var url = direct.get("DB_URL");
        var matcher = PORT.matcher(url);
        assertThat(matcher.find()).as(url).isTrue();
        proxy = ResumingProxy.start(Integer.parseInt(matcher.group(1)), RESUME);
        env = new HashMap<>(direct);
        env.put("DB_URL", matcher.replaceFirst(":" + proxy.port() + "/"));
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        database.close();
    }

    @Test
    void theFirstReadWaitsForTheDatabaseToResume_withTheLongerConnectTimeout() {
        var resuming = new HashMap<>(env);
        resuming.put("DB_CONNECT_TIMEOUT_SECONDS", "20");
        int heldBefore = proxy.held();

        try (var read = new ReadFunction(FunctionSetup.of(resuming, AwsClients.fromEnvironment(resuming)))) {
            assertThat(read.handleRequest(get(UUID.randomUUID()), context()).getStatusCode())
                    .as("the database's answer: no such tourist").isEqualTo(404);
            assertThat(proxy.held()).as("the connection was held while the database resumed").isGreaterThan(heldBefore);
            assertThat(read.handleRequest(get(UUID.randomUUID()), context()).getStatusCode())
                    .as("the next read reuses the connection, with the statements' socket budget").isEqualTo(404);
        }
    }

    @Test
    void theFirstReadAnswers503_withTheDefaultConnectTimeout() {
        try (var read = new ReadFunction(FunctionSetup.of(env, AwsClients.fromEnvironment(env)))) {
            var answer = read.handleRequest(get(UUID.randomUUID()), context());

            assertThat(answer.getStatusCode()).isEqualTo(503);
            assertThat(answer.getHeaders()).containsKey("retry-after");
        }
    }

    private static LocalContext context() {
        return new LocalContext("tourists-read", 1024, Duration.ofSeconds(29));
    }

    private static APIGatewayV2HTTPEvent get(UUID touristId) {
        return HttpApiRequests.request("GET", "/tourists/" + touristId, Map.of(), null);
    }
}
