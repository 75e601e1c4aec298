package io.tourists.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.http.Routes.Match;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutesTest {

    private static final String ID = "019cec37-b67b-7abc-8def-0123456789ab";
    private static final UUID TOURIST_ID = UUID.fromString(ID);

    @Test
    void routesPostOnTheCollectionToCreate() {
        assertThat(Routes.match("POST", "/tourists")).isEqualTo(new Match.Found(Route.CREATE, Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource({"PUT, REPLACE", "DELETE, DELETE", "GET, READ"})
    void routesAnItemByMethodWithTheIdFromThePath(String method, Route route) {
        assertThat(Routes.match(method, "/tourists/" + ID)).isEqualTo(new Match.Found(route, Optional.of(TOURIST_ID)));
    }

    @Test
    void acceptsOneTrailingSlash() {
        assertThat(Routes.match("POST", "/tourists/")).isEqualTo(new Match.Found(Route.CREATE, Optional.empty()));
        assertThat(Routes.match("PUT", "/tourists/" + ID + "/"))
                .isEqualTo(new Match.Found(Route.REPLACE, Optional.of(TOURIST_ID)));
    }

    @Test
    void acceptsAnUpperCaseIdAsTheSameTourist() {
        assertThat(Routes.match("GET", "/tourists/" + ID.toUpperCase()))
                .isEqualTo(new Match.Found(Route.READ, Optional.of(TOURIST_ID)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})
    void allowsOnlyGetAndPostOnTheCollection(String method) {
        assertThat(Routes.match(method, "/tourists")).isEqualTo(new Match.MethodNotAllowed(List.of("GET", "POST")));
    }

    @Test
    void getOnTheCollectionLists_andTheChangesFeedIsALiteralPathNotAnId() {
        assertThat(Routes.match("GET", "/tourists")).isEqualTo(new Match.Found(Route.LIST, Optional.empty()));
        assertThat(Routes.match("GET", "/tourists/changes")).isEqualTo(new Match.Found(Route.CHANGES, Optional.empty()));
        assertThat(Routes.match("POST", "/tourists/changes")).isEqualTo(new Match.MethodNotAllowed(List.of("GET")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH", "HEAD", "OPTIONS", "get"})
    void allowsOnlyGetPutAndDeleteOnAnItem(String method) {
        assertThat(Routes.match(method, "/tourists/" + ID))
                .isEqualTo(new Match.MethodNotAllowed(List.of("GET", "PUT", "DELETE")));
    }

    @Test
    void answersAWrongMethodBeforeLookingAtTheId() {
        assertThat(Routes.match("PATCH", "/tourists/not-a-uuid")).isInstanceOf(Match.MethodNotAllowed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/tourist", "/touristsx", "/tourists-" + ID, "/Tourists", "/TOURISTS/" + ID,
            "/api/tourists", "/tourists/" + ID + "/passport", "/tourists/" + ID + "/x/y", "/tourists/a/b",
            "/tourists/" + ID + "//", "//tourists", "/tourists//"})
    void findsNothingAtOtherOrNestedPaths(String path) {
        assertThat(Routes.match("POST", path)).isEqualTo(new Match.NotFound());
        assertThat(Routes.match("GET", path)).isEqualTo(new Match.NotFound());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "42", ID + "0", "{" + ID + "}", "019cec37b67b7abc8def0123456789ab",
            "019cec37-b67b-7abc-8def-0123456789ag"})
    void reportsAnItemPathWhoseIdIsNotACanonicalUuid(String rawId) {
        assertThat(Routes.match("DELETE", "/tourists/" + rawId)).isEqualTo(new Match.BadId(rawId));
    }

    @Test
    void routesAWritesStatusWithBothIds_andOnlyForGet() {
        var writeId = UUID.fromString("019cec37-b67b-7abc-8def-0123456789cd");
        var path = "/tourists/" + ID + "/writes/" + writeId;

        assertThat(Routes.match("GET", path))
                .isEqualTo(new Match.Found(Route.WRITE_STATUS, Optional.of(TOURIST_ID), Optional.of(writeId)));
        assertThat(Routes.match("GET", path + "/")).isInstanceOf(Match.Found.class);
        assertThat(Routes.match("DELETE", path)).isEqualTo(new Match.MethodNotAllowed(List.of("GET")));
        assertThat(Routes.writeStatus(TOURIST_ID, writeId)).isEqualTo(path);
    }

    @Test
    void namesWhichIdOfAWritesStatusPathIsNotAUuid() {
        assertThat(Routes.match("GET", "/tourists/x/writes/" + ID)).isEqualTo(new Match.BadId(Routes.TOURIST_ID, "x"));
        assertThat(Routes.match("GET", "/tourists/" + ID + "/writes/y")).isEqualTo(new Match.BadId(Routes.WRITE_ID, "y"));
        assertThat(Routes.match("GET", "/tourists/" + ID + "/writes")).isEqualTo(new Match.NotFound());
        assertThat(Routes.match("GET", "/tourists/" + ID + "/writes//")).isEqualTo(new Match.NotFound());
    }

    @Test
    void routesPostOnTheBatchPathToTheBatch_andNoOtherMethod() {
        assertThat(Routes.match("POST", "/tourists/batch")).isEqualTo(new Match.Found(Route.BATCH, Optional.empty()));
        assertThat(Routes.match("POST", "/tourists/batch/")).isEqualTo(new Match.Found(Route.BATCH, Optional.empty()));
        assertThat(Route.BATCH.function()).isEqualTo(Route.Function.WRITE_API);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void answersAnotherMethodOnTheBatchPathWithAllowPost_notAsABadTouristId(String method) {
        // API Gateway sends GET /tourists/batch to GET /tourists/{id}: the read function answers 405 from this too.
        assertThat(Routes.match(method, "/tourists/batch")).isEqualTo(new Match.MethodNotAllowed(List.of("POST")));
    }

    @Test
    void locatesATouristUnderTheCollection() {
        assertThat(Routes.location(TOURIST_ID)).isEqualTo("/tourists/" + ID);
    }
}
