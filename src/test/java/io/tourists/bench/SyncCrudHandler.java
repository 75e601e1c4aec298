package io.tourists.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import io.tourists.domain.Validation;
import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * The reference design (seed 000's synchronous Lambda CRUD), for the benchmark only: validates with the
 * project's rules, then opens its own connection and inserts the row before answering 201, one connection
 * per invocation, as a naive Lambda CRUD does. Not product code.
 */
public final class SyncCrudHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static final String APPLICATION_NAME = "bench-sync-crud";
    private static final String INSERT = """
            insert into tourist (tourist_id, first_name, last_name, email, nationality, date_of_birth,
                                 passport_number, deleted, version_at, version_write_id)
            values (?, ?, ?, ?, ?, ?, ?, false, ?, ?)""";

    private final String jdbcUrl;
    private final Properties connectionProperties = new Properties();
    private final TouristJson json = new TouristJson(new TouristRules(Clock.systemUTC()));

    public SyncCrudHandler(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        connectionProperties.setProperty("user", user);
        connectionProperties.setProperty("password", password);
        connectionProperties.setProperty("ApplicationName", APPLICATION_NAME);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Validation<Tourist> checked;
        try {
            checked = json.read(Json.MAPPER.readTree(event.getBody()));
        } catch (Exception e) {
            return answer(400, "{\"title\":\"malformed JSON\"}");
        }
        return switch (checked) {
            case Validation.Invalid<Tourist> invalid -> answer(400, "{\"title\":\"invalid tourist\"}");
            case Validation.Valid<Tourist> valid -> insert(valid.value());
        };
    }

    private APIGatewayV2HTTPResponse insert(Tourist tourist) {
        var touristId = UUID.randomUUID();
        try (var connection = DriverManager.getConnection(jdbcUrl, connectionProperties);
             var statement = connection.prepareStatement(INSERT)) {
            statement.setObject(1, touristId);
            statement.setString(2, tourist.firstName());
            statement.setString(3, tourist.lastName());
            statement.setString(4, tourist.email());
            statement.setString(5, tourist.nationality());
            statement.setDate(6, Date.valueOf(tourist.dateOfBirth()));
            statement.setString(7, tourist.passportNumber().orElse(null));
            statement.setTimestamp(8, Timestamp.from(Instant.now()));
            statement.setObject(9, UUID.randomUUID());
            statement.executeUpdate();
        } catch (SQLException e) {
            return answer(503, "{\"title\":\"database unavailable\",\"detail\":\"" + e.getSQLState() + "\"}");
        }
        return answer(201, "{\"touristId\":\"" + touristId + "\"}");
    }

    private static APIGatewayV2HTTPResponse answer(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withBody(body).build();
    }
}
