package io.tourists.local.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The template's HTTP API as it deploys with this run's parameters: its routes (AWS::ApiGatewayV2::Route), the
 * function each one's integration invokes, what each requires of a caller, and the IAM managed policies that grant
 * callers access. Conditions and Fn::If are decided as CloudFormation would, so what the local front enforces is
 * what the stack would. Empty when the template declares no routes of its own.
 *
 * @param apiLogicalId the AWS::ApiGatewayV2::Api the routes belong to; empty when there is none
 */
public record HttpApiDefinition(Optional<String> apiLogicalId, List<RouteDefinition> routes,
                                List<AccessPolicy> accessPolicies) {

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z]+)?}");
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "Resource");
    private static final Pattern HEADER_SOURCE = Pattern.compile("\\$request\\.header\\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)");

    public HttpApiDefinition {
        routes = List.copyOf(routes);
        accessPolicies = List.copyOf(accessPolicies);
    }

    /**
     * @param apiId what the HTTP API's Ref resolves to here (its id in execute-api ARNs)
     */
    static HttpApiDefinition read(SamTemplate template, TemplateValues values, String apiId) {
        var apis = template.resourceIdsOfType("AWS::ApiGatewayV2::Api");
        if (apis.size() > 1) {
            throw new TemplateException("the local front serves one HTTP API; the template has " + apis);
        }
        var apiLogicalId = apis.stream().findFirst();
        var withApi = apiLogicalId.map(id -> values.withResources(Map.of(id, apiId))).orElse(values);
        var conditions = new TemplateConditions(template, withApi);
        var reader = new Reader(template, withApi, conditions);
        var routes = template.resourceIdsOfType("AWS::ApiGatewayV2::Route").stream()
                .filter(conditions::creates).map(reader::route).toList();
        var policies = template.resourceIdsOfType("AWS::IAM::ManagedPolicy").stream()
                .filter(conditions::creates).map(reader::policy).toList();
        return new HttpApiDefinition(apiLogicalId, routes, policies);
    }

    /** Reads one resource at a time, with the parameters' values and the conditions decided. */
    private record Reader(SamTemplate template, TemplateValues values, TemplateConditions conditions) {

        RouteDefinition route(String logicalId) {
            var routeKey = text(conditions.property(logicalId, "RouteKey").orElse(null), logicalId + ".RouteKey");
            var integration = integration(logicalId, conditions.property(logicalId, "Target").orElseThrow(() ->
                    new TemplateException(logicalId + " has no Target: the local front needs an integration to call")));
            var function = function(integration, conditions.property(integration, "IntegrationUri").orElse(null));
            var type = conditions.property(logicalId, "AuthorizationType")
                    .map(value -> text(value, logicalId + ".AuthorizationType")).orElse("NONE");
            RouteAuthorization authorization = switch (type) {
                case "NONE" -> new RouteAuthorization.None();
                case "AWS_IAM" -> new RouteAuthorization.Iam();
                case "JWT" -> jwt(logicalId);
                default -> throw new TemplateException(logicalId + ".AuthorizationType " + type
                        + " is not emulated locally (NONE, AWS_IAM and JWT are)");
            };
            return new RouteDefinition(routeKey, function, authorization);
        }

        private RouteAuthorization.Jwt jwt(String route) {
            var authorizer = conditions.property(route, "AuthorizerId").flatMap(TemplateValues::referencedResource)
                    .orElseThrow(() -> new TemplateException(route + " is JWT but its AuthorizerId is not !Ref to an"
                            + " authorizer that the template creates"));
            if (!conditions.creates(authorizer)) {
                throw new TemplateException(route + " uses " + authorizer + ", which these parameters do not create");
            }
            var type = text(conditions.property(authorizer, "AuthorizerType").orElse(null), authorizer + ".AuthorizerType");
            if (!type.equals("JWT")) {
                throw new TemplateException(authorizer + " is a " + type + " authorizer; only JWT is emulated locally");
            }
            var sources = list(conditions.property(authorizer, "IdentitySource").orElse(List.of()), authorizer);
            var header = sources.size() == 1 ? Optional.of(HEADER_SOURCE.matcher(sources.getFirst()))
                    .filter(java.util.regex.Matcher::matches).map(matcher -> matcher.group(1)) : Optional.<String>empty();
            var configuration = (Map<?, ?>) conditions.property(authorizer, "JwtConfiguration").orElse(Map.of());
            var issuer = text(configuration.get("Issuer"), authorizer + ".JwtConfiguration.Issuer");
            var audiences = list(Optional.<Object>ofNullable(configuration.get("Audience")).orElse(List.of()), authorizer);
            var scopes = list(conditions.property(route, "AuthorizationScopes").orElse(List.of()), route);
            return new RouteAuthorization.Jwt(authorizer, header.orElseThrow(() -> new TemplateException(authorizer
                    + ".IdentitySource must be one $request.header.NAME to be emulated locally, got " + sources)),
                    issuer, audiences, scopes);
        }

        AccessPolicy policy(String logicalId) {
            var document = (Map<?, ?>) conditions.property(logicalId, "PolicyDocument").orElse(Map.of());
            var statements = new ArrayList<AccessPolicy.Statement>();
            var given = document.get("Statement");
            var list = given instanceof List<?> several ? several : given == null ? List.of() : List.of(given);
            for (int i = 0; i < list.size(); i++) {
                statements.add(statement(logicalId, i, list.get(i)));
            }
            return new AccessPolicy(logicalId, statements);
        }

        /**
         * One statement the local front can enforce exactly: Effect, Action and Resource. A Condition, NotAction,
         * NotResource or Principal would change what it allows; dropping one could turn a conditional Allow into an
         * unconditional one, so the template is refused instead.
         */
        private AccessPolicy.Statement statement(String logicalId, int index, Object given) {
            var where = logicalId + ".PolicyDocument.Statement[" + index + "]";
            if (!(given instanceof Map<?, ?> map)) {
                throw new TemplateException(where + " must be a mapping, got " + given);
            }
            var named = map.get("Sid") == null ? where : where + " (Sid " + map.get("Sid") + ")";
            var unknown = map.keySet().stream().map(String::valueOf).filter(key -> !STATEMENT_KEYS.contains(key)).toList();
            if (!unknown.isEmpty()) {
                throw new TemplateException(named + " has " + String.join(", ", unknown) + ": the local front"
                        + " evaluates only Effect, Action and Resource, and will not enforce a policy it cannot read whole");
            }
            var effect = text(map.get("Effect"), named + ".Effect");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new TemplateException(named + ".Effect must be Allow or Deny, got " + effect);
            }
            return new AccessPolicy.Statement(effect,
                    list(Optional.<Object>ofNullable(map.get("Action")).orElse(List.of()), named + ".Action"),
                    list(Optional.<Object>ofNullable(map.get("Resource")).orElse(List.of()), named + ".Resource"));
        }

        /** The integration a Target names: {@code integrations/${Integration}}. */
        private String integration(String route, Object target) {
            var text = target instanceof Map<?, ?> map && map.get("Fn::Sub") instanceof String sub ? sub : null;
            var matcher = text == null ? null : Pattern.compile("integrations/\\$\\{([A-Za-z0-9]+)}").matcher(text);
            if (matcher == null || !matcher.matches() || !"AWS::ApiGatewayV2::Integration".equals(
                    SamTemplate.map(template.resources(), matcher.group(1)).get("Type"))) {
                throw new TemplateException(route + ".Target must be !Sub integrations/${Integration} naming an"
                        + " integration of the template, got " + target);
            }
            return matcher.group(1);
        }

        /** The function an integration invokes: !Ref Function.Alias, !GetAtt Function.Arn, or a !Sub naming it. */
        private String function(String integration, Object uri) {
            var named = TemplateValues.referencedResource(uri).map(id -> id.replaceFirst("\\.(Alias|Version)$", ""));
            if (named.isEmpty() && uri instanceof Map<?, ?> map && map.get("Fn::Sub") instanceof String sub) {
                var matcher = SUB_REFERENCE.matcher(sub);
                while (named.isEmpty() && matcher.find()) {
                    named = Optional.of(matcher.group(1)).filter(this::isFunction);
                }
            }
            return named.filter(this::isFunction).orElseThrow(() -> new TemplateException(integration
                    + ".IntegrationUri must name a function of the template, got " + uri));
        }

        private boolean isFunction(String logicalId) {
            var type = SamTemplate.map(template.resources(), logicalId).get("Type");
            return "AWS::Serverless::Function".equals(type) || "AWS::Lambda::Function".equals(type);
        }

        private String text(Object value, String what) {
            return values.text(value).orElseThrow(() -> new TemplateException(what
                    + " cannot be resolved locally: " + value));
        }

        /** A list of values, or one value; a comma-delimited list parameter counts as its items. */
        private List<String> list(Object value, String where) {
            if (value instanceof List<?> list) {
                return list.stream().map(item -> text(item, where)).toList();
            }
            var single = text(value, where);
            return isListParameter(value) ? Arrays.stream(single.split(",")).map(String::strip)
                    .filter(item -> !item.isEmpty()).toList() : List.of(single);
        }

        private boolean isListParameter(Object value) {
            return value instanceof Map<?, ?> map && map.get("Ref") instanceof String name && String.valueOf(
                    SamTemplate.map(SamTemplate.map(template.root(), "Parameters"), name).get("Type")).contains("List");
        }
    }
}
