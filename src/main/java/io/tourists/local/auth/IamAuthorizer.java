package io.tourists.local.auth;

import io.tourists.local.http.HttpApiAuthorizer.Decision;
import io.tourists.local.http.HttpApiRequest;
import io.tourists.local.template.AccessPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HTTP API IAM authorization, locally. Each IAM managed policy the template creates gets one local user with that
 * policy attached, and nothing else: a SigV4-signed request from that user's access key reaches a route when the
 * policy allows {@code execute-api:Invoke} on the request's ARN
 * ({@code arn:aws:execute-api:REGION:ACCOUNT:API_ID/$default/METHOD/path}) and denies it nowhere. An unsigned
 * request is 403 {"message":"Forbidden"}. The function gets the user in requestContext.authorizer.iam.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
 */
final class IamAuthorizer {

    /** Every local user's secret access key: these users exist only on this machine, for this run. */
    static final String SECRET = "local-secret";

    /** A local IAM user: its access key is the policy's logical id, e.g. ReadAccessPolicy. */
    record LocalUser(String accessKeyId, String userArn, String userId, AccessPolicy policy) {}

    private final String region;
    private final String accountId;
    private final String apiId;
    private final Map<String, LocalUser> users = new HashMap<>();
    private final SigV4Verifier verifier;

    IamAuthorizer(List<AccessPolicy> policies, String region, String accountId, String apiId) {
        this.region = region;
        this.accountId = accountId;
        this.apiId = apiId;
        policies.forEach(policy -> users.put(policy.logicalId(), new LocalUser(policy.logicalId(),
                "arn:aws:iam::" + accountId + ":user/" + policy.logicalId(), userId(policy.logicalId()), policy)));
        this.verifier = new SigV4Verifier(region, accessKeyId -> Optional.ofNullable(users.get(accessKeyId))
                .map(user -> SECRET));
    }

    List<LocalUser> users() {
        return users.values().stream().sorted(java.util.Comparator.comparing(LocalUser::accessKeyId)).toList();
    }

    Decision authorize(HttpApiRequest request, Instant now) {
        return switch (verifier.verify(request, now)) {
            case SigV4Verifier.Result.Refused refused -> refused.refusal();
            case SigV4Verifier.Result.Signed signed -> {
                var user = users.get(signed.accessKeyId());
                var arn = "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/$default/"
                        + request.method() + request.rawPath();
                yield allows(user.policy(), arn) ? new Decision.Allowed(Map.of("iam", context(user)))
                        : new Decision.Refused(403, "User: " + user.userArn()
                        + " is not authorized to perform: execute-api:Invoke on resource: " + arn,
                        List.of(Map.entry("x-amzn-errortype", "AccessDeniedException")));
            }
        };
    }

    /** IAM's rule: an explicit Deny wins; otherwise some Allow must match. */
    static boolean allows(AccessPolicy policy, String arn) {
        var applicable = policy.statements().stream()
                .filter(statement -> statement.actions().stream().anyMatch(action ->
                        wildcard(action.toLowerCase(Locale.ROOT)).matcher("execute-api:invoke").matches()))
                .filter(statement -> statement.resources().stream().anyMatch(resource ->
                        wildcard(resource).matcher(arn).matches()))
                .toList();
        return applicable.stream().noneMatch(statement -> statement.effect().equals("Deny"))
                && applicable.stream().anyMatch(statement -> statement.effect().equals("Allow"));
    }

    /** IAM's * (any run of characters, / included) and ? (one character); everything else literal. */
    private static Pattern wildcard(String pattern) {
        var regex = new StringBuilder();
        for (var c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private Map<String, Object> context(LocalUser user) {
        var iam = new HashMap<String, Object>();
        iam.put("accessKey", user.accessKeyId());
        iam.put("accountId", accountId);
        iam.put("callerId", user.userId());
        iam.put("cognitoIdentity", null);
        iam.put("principalOrgId", null);
        iam.put("userArn", user.userArn());
        iam.put("userId", user.userId());
        return iam;
    }

    /** A user id in IAM's shape (AIDA...), the same for the same name on every run. */
    private static String userId(String name) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "AIDA" + HexFormat.of().withUpperCase().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
