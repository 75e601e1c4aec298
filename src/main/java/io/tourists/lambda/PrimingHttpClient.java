package io.tourists.lambda;

import java.io.ByteArrayInputStream;
import java.util.function.Function;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An SDK HTTP client that sends through the real one, except inside {@link #offline}: there, on that thread,
 * each request any client of this kind makes is answered in the process by the given function and never
 * leaves it. A client built on this
 * can run a call end to end during init or before a SnapStart snapshot (marshalling, endpoint rules, signing,
 * interceptors, response parsing: the SDK's classes loaded and initialised) without touching the network or
 * the service.
 */
final class PrimingHttpClient implements SdkHttpClient {

    /** An answer for a request: status, headers and body. */
    public record Answer(int status, String contentType, byte[] body) {}

    private final SdkHttpClient real;
    private static final ThreadLocal<Function<SdkHttpRequest, Answer>> OFFLINE = new ThreadLocal<>();

    PrimingHttpClient(SdkHttpClient real) {
        this.real = real;
    }

    /** Runs {@code calls} with every request made on this thread answered by {@code answers}, in the process. */
    static void offline(Function<SdkHttpRequest, Answer> answers, Runnable calls) {
        OFFLINE.set(answers);
        try {
            calls.run();
        } finally {
            OFFLINE.remove();
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        var answers = OFFLINE.get();
        if (answers == null) {
            return real.prepareRequest(request);
        }
        request.contentStreamProvider().ifPresent(body -> {
            try (var in = body.newStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        var answer = answers.apply(request.httpRequest());
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                var response = SdkHttpFullResponse.builder()
                        .statusCode(answer.status())
                        .putHeader("Content-Type", answer.contentType())
                        .putHeader("Content-Length", Integer.toString(answer.body().length))
                        .putHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
                        .build();
                return HttpExecuteResponse.builder().response(response)
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body())))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public String clientName() {
        return real.clientName();
    }

    @Override
    public void close() {
        real.close();
    }
}
