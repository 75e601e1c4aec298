package io.tourists.local.template;

/**
 * An {@code AWS::ApiGatewayV2::Route} of the template, as deployed with this run's parameters.
 *
 * @param routeKey          {@code METHOD /path} (path variables in braces) or {@code $default}
 * @param functionLogicalId the function its integration invokes
 */
public record RouteDefinition(String routeKey, String functionLogicalId, RouteAuthorization authorization) {
}
