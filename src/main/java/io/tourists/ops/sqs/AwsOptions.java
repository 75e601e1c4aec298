package io.tourists.ops.sqs;

import picocli.CommandLine.Option;

/** Where SQS is and who is asking: the SDK's defaults, each overridable. */
public final class AwsOptions {

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "SQS endpoint, e.g. http://127.0.0.1:9324 for the local stack "
                    + "(default: AWS_ENDPOINT_URL_SQS, then AWS_ENDPOINT_URL, then AWS itself)")
    String endpointUrl;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: AWS_REGION, then the default region chain; us-east-1 for a custom endpoint)")
    String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "named profile for credentials and region (default: AWS_PROFILE, then the default chain)")
    String profile;

    public String region() {
        return region;
    }

    public String profile() {
        return profile;
    }
}
