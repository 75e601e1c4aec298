package io.tourists.lambda;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * What an AWS SDK client inside a Lambda function is given instead of discovering it: the credentials Lambda
 * hands over, no profile file, the light HTTP client. The SDK's defaults search for these at the first call
 * (system properties, environment, profile files, web identity, container and instance metadata), which is
 * class loading and file probing on the cold path for an answer the environment already holds.
 * https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/lambda-optimize-starttime.html
 */
public final class LambdaAwsClients {

    /** Lambda sets these with SnapStart, instead of the access keys, so credentials outlive a restore. */
    static final String CONTAINER_CREDENTIALS_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    private LambdaAwsClients() {
    }

    /**
     * The execution role's credentials as Lambda provides them: from the container credentials endpoint when
     * SnapStart is on (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials),
     * else from the access keys in the environment. Outside Lambda, with neither, the SDK's default chain.
     */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        if (env.get(CONTAINER_CREDENTIALS_URI) != null) {
            return ContainerCredentialsProvider.builder().build();
        }
        var accessKey = env.get("AWS_ACCESS_KEY_ID");
        var secretKey = env.get("AWS_SECRET_ACCESS_KEY");
        if (accessKey != null && secretKey != null) {
            var token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(accessKey, secretKey)
                    : AwsSessionCredentials.create(accessKey, secretKey, token));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Lambda has no ~/.aws/config or credentials file: an empty one spares the SDK looking for them. */
    public static ProfileFile noProfileFile() {
        return ProfileFile.aggregator().build();
    }

    /**
     * The url-connection client: the JDK's HttpURLConnection, nothing to start. The CRT client loads fewer
     * classes but ships a 23 MB jar of native libraries (BENCHMARKS.md, the cold-start analysis).
     */
    public static SdkHttpClient httpClient(Duration connectTimeout, Duration socketTimeout) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(connectTimeout)
                .socketTimeout(socketTimeout)
                .build();
    }
}
