package io.tourists.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tourists.json.Json;
import io.tourists.lambda.AwsClients;
import io.tourists.lambda.FunctionSetup;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.local.lambda.LocalContext;
import io.tourists.testing.SecretsManagerStandIn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration function as CloudFormation's custom resource calls it, against a real PostgreSQL of its own
 * (password authentication on, like RDS) and a local HTTP server standing in for the presigned S3 response URL:
 * what it answers, what it leaves in the database, and what each application role may do afterwards.
 */
class MigrateFunctionIT {

    static final String MASTER_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:master-AbCdEf";
    static final int MIGRATIONS = migrationFiles();

    static Path dataDir;
    static EmbeddedDatabase postgres;
    static SecretsManagerStandIn secrets;
    static HttpServer responseUrl;
    static final List<String> answers = new CopyOnWriteArrayList<>();
    static final AtomicInteger DATABASES = new AtomicInteger();

    String database;
    Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("migrate-it-pg");
        postgres = EmbeddedDatabase.start(0, "tourists", Optional.of(dataDir));
        try (var connection = superuser("postgres"); var statement = connection.createStatement()) {
            // As on RDS: passwords are checked (zonky trusts every local login), and the migrating user, like
            // Aurora's master user, may create roles but is no superuser.
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    host all postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    """);
            statement.execute("select pg_reload_conf()");
            statement.execute("alter role tourists createrole");
        }
        secrets = SecretsManagerStandIn.start();
        secrets.put(MASTER_SECRET, "tourists", "tourists");
        for (var role : AppRole.values()) {
            secrets.put(secretArn(role), role.roleName(), "pw-" + UUID.randomUUID());
        }
        responseUrl = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responseUrl.createContext("/", exchange -> {
            try (exchange) {
                var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                answers.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " content-type="
                        + exchange.getRequestHeaders().getFirst("Content-Type") + "\n" + body);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        responseUrl.start();
    }

    @AfterAll
    static void stop() {
        responseUrl.stop(0);
        secrets.close();
        postgres.close();
    }

    /** Each test migrates a database of its own; roles are the server's, shared, and set anew by each run. */
    @BeforeEach
    void freshDatabase() throws SQLException {
        database = "migrate_" + DATABASES.incrementAndGet();
        try (var connection = superuser("postgres"); var statement = connection.createStatement()) {
            statement.execute("create database " + database + " owner tourists");
        }
        answers.clear();
        env = new HashMap<>(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database,
                "DB_SECRET_ARN", MASTER_SECRET));
        for (var role : AppRole.values()) {
            env.put(role.secretVariable(), secretArn(role));
        }
    }

    @Test
    void createAppliesEveryMigration_andAnswersSuccessToTheResponseUrl() throws Exception {
        var result = invoke("Create", Optional.empty());

        assertThat(result).containsEntry("Status", "SUCCESS");
        var answer = lastAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(answer.path("PhysicalResourceId").asText()).isEqualTo(MigrateFunction.PHYSICAL_ID);
        assertThat(answer.path("StackId").asText()).isEqualTo("arn:aws:cloudformation:eu-west-1:123456789012:stack/tourists/1");
        assertThat(answer.path("RequestId").asText()).isEqualTo("request-Create");
        assertThat(answer.path("LogicalResourceId").asText()).isEqualTo("DatabaseSchema");
        assertThat(answer.path("Data").path("MigrationsApplied").asText()).isEqualTo(Integer.toString(MIGRATIONS));
        assertThat(answers.getLast()).as("a PUT to the presigned path, signed without a Content-Type")
                .startsWith("PUT /response/request-Create?X-Amz-Signature=abc content-type=null");
        assertThat(tables()).contains("tourist", "applied_write", "write_rejection", "flyway_schema_history");
    }

    @Test
    void aRepeatAppliesNothing_andDeleteKeepsEveryTableAndRow() throws Exception {
        invoke("Create", Optional.empty());
        try (var connection = as("tourists"); var statement = connection.createStatement()) {
            statement.execute("insert into applied_write (write_id, tourist_id) values (gen_random_uuid(), gen_random_uuid())");
        }

        invoke("Update", Optional.of(MigrateFunction.PHYSICAL_ID));
        assertThat(lastAnswer().path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(lastAnswer().path("Data").path("MigrationsApplied").asText()).isEqualTo("0");

        invoke("Delete", Optional.of(MigrateFunction.PHYSICAL_ID));
        assertThat(lastAnswer().path("Status").asText()).isEqualTo("SUCCESS");
        assertThat(lastAnswer().path("PhysicalResourceId").asText()).isEqualTo(MigrateFunction.PHYSICAL_ID);
        assertThat(tables()).contains("tourist", "applied_write", "write_rejection");
        assertThat(count("applied_write")).isEqualTo(1);
    }

    @Test
    void aWrongPasswordFailsTheDeployWithTheReason() throws Exception {
        var wrong = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wrong-AbCdEf";
        secrets.put(wrong, "tourists", "not-the-password");
        env.put("DB_SECRET_ARN", wrong);

        var result = invoke("Create", Optional.empty());

        assertThat(result).containsEntry("Status", "FAILED");
        var answer = lastAnswer();
        assertThat(answer.path("Status").asText()).isEqualTo("FAILED");
        assertThat(answer.path("Reason").asText()).startsWith("the database migration failed: ")
                .contains("password authentication failed for user \"tourists\"").doesNotContain("not-the-password");
        assertThat(answer.path("PhysicalResourceId").asText()).as("the rollback's Delete will name it")
                .isEqualTo(MigrateFunction.PHYSICAL_ID);
        assertThat(tables()).doesNotContain("tourist");
    }

    @Test
    void aFailingMigrationAnswersFailedWithFlywaysReason() throws Exception {
        invoke("Create", Optional.empty());
        // What a migration that cannot apply looks like to Flyway: the history says V1 was something else.
        try (var connection = as("tourists"); var statement = connection.createStatement()) {
            statement.execute("update flyway_schema_history set checksum = 1 where version = '1'");
        }

        invoke("Update", Optional.of(MigrateFunction.PHYSICAL_ID));

        assertThat(lastAnswer().path("Status").asText()).isEqualTo("FAILED");
        assertThat(lastAnswer().path("Reason").asText()).contains("checksum mismatch");
    }

    @Test
    void eachRoleHasExactlyItsGrants_onEveryTableButFlywaysHistory() throws Exception {
        invoke("Create", Optional.empty());

        var expected = Map.of(
                AppRole.READER, "SELECT",
                AppRole.CONSUMER, "INSERT,SELECT,UPDATE",
                AppRole.PRUNE, "DELETE,SELECT,UPDATE");
        for (var role : AppRole.values()) {
            assertThat(grants(role.roleName())).as(role.roleName()).isEqualTo(Map.of(
                    "applied_write", expected.get(role), "tourist", expected.get(role),
                    "write_rejection", expected.get(role), "tourist_feed_pruned", expected.get(role)));
        }
        assertThat(roleAttributes()).as("login, nothing more").allMatch(attributes -> attributes.equals("login"));
    }

    @Test
    void theRolesLogInWithTheirSecretsPasswords_andDoOnlyWhatTheirFunctionDoes() throws Exception {
        invoke("Create", Optional.empty());

        try (var reader = login(AppRole.READER); var statement = reader.createStatement()) {
            statement.executeQuery("select count(*) from tourist").close();
            assertThatThrownBy(() -> statement.execute("insert into applied_write (write_id, tourist_id) "
                    + "values (gen_random_uuid(), gen_random_uuid())")).hasMessageContaining("permission denied");
        }
        try (var consumer = login(AppRole.CONSUMER); var statement = consumer.createStatement()) {
            statement.execute("insert into applied_write (write_id, tourist_id) values (gen_random_uuid(), gen_random_uuid())");
            assertThatThrownBy(() -> statement.execute("delete from applied_write")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.execute("create table sneaky (id int)")).hasMessageContaining("permission denied");
        }
        try (var connection = as("tourists"); var statement = connection.createStatement()) {
            statement.execute("insert into tourist (tourist_id, deleted, version_at, version_write_id) "
                    + "values (gen_random_uuid(), true, now(), gen_random_uuid())");
        }
        try (var prune = login(AppRole.PRUNE); var statement = prune.createStatement()) {
            // Prune's statement: rows picked with FOR UPDATE SKIP LOCKED, then deleted.
            statement.execute("delete from applied_write where write_id in (select write_id from applied_write limit 10 "
                    + "for update skip locked)");
            // A pruned tombstone moves the feed's pruned mark (V5's trigger, which runs as its owner).
            statement.execute("delete from tourist where tourist_id in (select tourist_id from tourist where deleted "
                    + "limit 10 for update skip locked)");
            try (var rows = statement.executeQuery("select count(*) from tourist_feed_pruned")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> statement.execute("insert into applied_write (write_id, tourist_id) "
                    + "values (gen_random_uuid(), gen_random_uuid())")).hasMessageContaining("permission denied");
        }
        var wrong = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database;
        assertThatThrownBy(() -> DriverManager.getConnection(wrong, AppRole.READER.roleName(), "guessed").close())
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void aTableALaterMigrationAddsIsGrantedToo() throws Exception {
        invoke("Create", Optional.empty());
        // Made by the migrating user, as a later migration (or one run by hand) would.
        try (var connection = as("tourists"); var statement = connection.createStatement()) {
            statement.execute("create table later_table (id int)");
        }
        assertThat(grants(AppRole.READER.roleName())).as("default privileges, before any new run")
                .containsEntry("later_table", "SELECT");

        invoke("Update", Optional.of(MigrateFunction.PHYSICAL_ID));

        assertThat(grants(AppRole.CONSUMER.roleName())).containsEntry("later_table", "INSERT,SELECT,UPDATE");
    }

    @Test
    void invokedDirectly_itMigratesAndReturnsWhatItDid() throws Exception {
        var function = function();

        var result = function.handleRequest(Map.of(), new LocalContext("migrate", 1024, Duration.ofMinutes(15)));

        assertThat(result).containsEntry("MigrationsApplied", Integer.toString(MIGRATIONS)).containsEntry("Roles", "3");
        assertThat(answers).isEmpty();
    }

    private Map<String, Object> invoke(String type, Optional<String> physicalId) {
        var event = new LinkedHashMap<String, Object>();
        event.put("RequestType", type);
        event.put("ResponseURL", "http://127.0.0.1:" + responseUrl.getAddress().getPort() + "/response/request-" + type
                + "?X-Amz-Signature=abc");
        event.put("StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/tourists/1");
        event.put("RequestId", "request-" + type);
        event.put("LogicalResourceId", "DatabaseSchema");
        event.put("ResourceType", "AWS::CloudFormation::CustomResource");
        event.put("ResourceProperties", Map.of("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:m"));
        physicalId.ifPresent(id -> event.put("PhysicalResourceId", id));
        return function().handleRequest(event, new LocalContext("migrate", 1024, Duration.ofMinutes(15)));
    }

    private MigrateFunction function() {
        var aws = new AwsClients(timeout -> {
            throw new IllegalStateException("the migration uses no SQS");
        }, secrets::client);
        return new MigrateFunction(FunctionSetup.of(Map.copyOf(env), aws), CustomResourceResponse.withDefaultClient());
    }

    private static JsonNode lastAnswer() throws IOException {
        assertThat(answers).isNotEmpty();
        var answer = answers.getLast();
        return Json.readTree(answer.substring(answer.indexOf('\n') + 1));
    }

    private List<String> tables() throws SQLException {
        var tables = new ArrayList<String>();
        try (var connection = as("tourists");
             var rows = connection.createStatement().executeQuery(
                     "select table_name from information_schema.tables where table_schema = 'public' order by 1")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private long count(String table) throws SQLException {
        try (var connection = as("tourists"); var rows = connection.createStatement().executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Table -> the role's privileges on it, sorted and comma-joined. */
    private Map<String, String> grants(String role) throws SQLException {
        var privileges = new HashMap<String, TreeSet<String>>();
        try (var connection = as("tourists"); var statement = connection.prepareStatement(
                "select table_name, privilege_type from information_schema.role_table_grants where grantee = ?")) {
            statement.setString(1, role);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    privileges.computeIfAbsent(rows.getString(1), table -> new TreeSet<>()).add(rows.getString(2));
                }
            }
        }
        var grants = new HashMap<String, String>();
        privileges.forEach((table, set) -> grants.put(table, String.join(",", set)));
        return grants;
    }

    private static List<String> roleAttributes() throws SQLException {
        var attributes = new ArrayList<String>();
        try (var connection = superuser("postgres"); var rows = connection.createStatement().executeQuery("""
                select case when rolcanlogin then 'login' else '' end
                       || case when rolsuper then ' superuser' else '' end
                       || case when rolcreaterole then ' createrole' else '' end
                       || case when rolcreatedb then ' createdb' else '' end
                from pg_roles where rolname like 'tourists\\_%'""")) {
            while (rows.next()) {
                attributes.add(rows.getString(1));
            }
        }
        assertThat(attributes).hasSize(AppRole.values().length);
        return attributes;
    }

    private Connection login(AppRole role) throws Exception {
        var secret = Json.readTree(secrets.client().getSecretValue(b -> b.secretId(secretArn(role))).secretString());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database,
                secret.path("username").asText(), secret.path("password").asText());
    }

    private Connection as(String user) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database, user, user);
    }

    private static Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database, "postgres", "");
    }

    private static String secretArn(AppRole role) {
        return "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + role.roleName() + "-AbCdEf";
    }

    private static int migrationFiles() {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
