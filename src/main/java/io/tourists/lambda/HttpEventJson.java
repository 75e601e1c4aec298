package io.tourists.lambda;

import static io.tourists.lambda.EventFields.bool;
import static io.tourists.lambda.EventFields.number;
import static io.tourists.lambda.EventFields.object;
import static io.tourists.lambda.EventFields.text;
import static io.tourists.lambda.EventFields.textList;
import static io.tourists.lambda.EventFields.textMap;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's HTTP API event (payload format 2.0) in, its response out, read and written with the project's
 * Jackson. The functions take their event as a stream ({@code RequestStreamHandler}) so that the runtime interface
 * client does not start its own serializer: a second, shaded Jackson and its mix-ins, about 550 classes and a
 * fifth of a cold start (docs/benchmarks-analysis.md). {@code HttpEventJsonTest} reads AWS's sample events both
 * ways and finds the same event.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
public final class HttpEventJson {

    private HttpEventJson() {
    }

    public static APIGatewayV2HTTPEvent read(InputStream in) throws IOException {
        return event(Json.MAPPER.readTree(in));
    }

    static APIGatewayV2HTTPEvent event(JsonNode node) {
        var event = new APIGatewayV2HTTPEvent();
        event.setVersion(text(node, "version"));
        event.setRouteKey(text(node, "routeKey"));
        event.setRawPath(text(node, "rawPath"));
        event.setRawQueryString(text(node, "rawQueryString"));
        event.setCookies(textList(node, "cookies"));
        event.setHeaders(textMap(node, "headers"));
        event.setQueryStringParameters(textMap(node, "queryStringParameters"));
        event.setPathParameters(textMap(node, "pathParameters"));
        event.setStageVariables(textMap(node, "stageVariables"));
        event.setBody(text(node, "body"));
        event.setIsBase64Encoded(bool(node, "isBase64Encoded"));
        var context = object(node, "requestContext");
        if (context != null) {
            event.setRequestContext(requestContext(context));
        }
        return event;
    }

    private static RequestContext requestContext(JsonNode node) {
        var context = new RequestContext();
        context.setRouteKey(text(node, "routeKey"));
        context.setAccountId(text(node, "accountId"));
        context.setStage(text(node, "stage"));
        context.setApiId(text(node, "apiId"));
        context.setDomainName(text(node, "domainName"));
        context.setDomainPrefix(text(node, "domainPrefix"));
        context.setTime(text(node, "time"));
        context.setTimeEpoch(number(node, "timeEpoch"));
        context.setRequestId(text(node, "requestId"));
        var http = object(node, "http");
        if (http != null) {
            var method = new RequestContext.Http();
            method.setMethod(text(http, "method"));
            method.setPath(text(http, "path"));
            method.setProtocol(text(http, "protocol"));
            method.setSourceIp(text(http, "sourceIp"));
            method.setUserAgent(text(http, "userAgent"));
            context.setHttp(method);
        }
        var authorizer = object(node, "authorizer");
        if (authorizer != null) {
            context.setAuthorizer(authorizer(authorizer));
        }
        return context;
    }

    @SuppressWarnings("unchecked")
    private static RequestContext.Authorizer authorizer(JsonNode node) {
        var authorizer = new RequestContext.Authorizer();
        var jwt = object(node, "jwt");
        if (jwt != null) {
            var token = new RequestContext.Authorizer.JWT();
            token.setClaims(textMap(jwt, "claims"));
            token.setScopes(textList(jwt, "scopes"));
            authorizer.setJwt(token);
        }
        var lambda = object(node, "lambda");
        if (lambda != null) {
            authorizer.setLambda(Json.MAPPER.convertValue(lambda, Map.class));
        }
        var iam = object(node, "iam");
        if (iam != null) {
            var identity = new RequestContext.IAM();
            identity.setAccessKey(text(iam, "accessKey"));
            identity.setAccountId(text(iam, "accountId"));
            identity.setCallerId(text(iam, "callerId"));
            identity.setPrincipalOrgId(text(iam, "principalOrgId"));
            identity.setUserArn(text(iam, "userArn"));
            identity.setUserId(text(iam, "userId"));
            var cognito = object(iam, "cognitoIdentity");
            if (cognito != null) {
                var pool = new RequestContext.CognitoIdentity();
                pool.setAmr(textList(cognito, "amr"));
                pool.setIdentityId(text(cognito, "identityId"));
                pool.setIdentityPoolId(text(cognito, "identityPoolId"));
                identity.setCognitoIdentity(pool);
            }
            authorizer.setIam(identity);
        }
        return authorizer;
    }

    /** The response as API Gateway reads it; absent fields are left out, as the client's serializer does. */
    public static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        try (var json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.getStatusCode());
            if (response.getHeaders() != null) {
                json.writeObjectFieldStart("headers");
                for (var header : response.getHeaders().entrySet()) {
                    json.writeStringField(header.getKey(), header.getValue());
                }
                json.writeEndObject();
            }
            if (response.getMultiValueHeaders() != null) {
                json.writeObjectFieldStart("multiValueHeaders");
                for (var header : response.getMultiValueHeaders().entrySet()) {
                    writeList(json, header.getKey(), header.getValue());
                }
                json.writeEndObject();
            }
            if (response.getCookies() != null) {
                writeList(json, "cookies", response.getCookies());
            }
            if (response.getBody() != null) {
                json.writeStringField("body", response.getBody());
            }
            json.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
            json.writeEndObject();
        }
    }

    private static void writeList(com.fasterxml.jackson.core.JsonGenerator json, String name, List<String> values)
            throws IOException {
        json.writeArrayFieldStart(name);
        for (var value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
