package io.tourists.ops.imports;

import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import io.tourists.sync.BatchSender;
import io.tourists.sync.HttpPages;
import io.tourists.sync.RunRecord;
import io.tourists.sync.SourceSync;
import io.tourists.sync.SqsBatchChannel;
import io.tourists.sync.SyncState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code tourists import --from URL}: the import function's scheduled pull, run from a terminal, with the same
 * snapshot, lease and run records in the import bucket: only what changed is sent, and a complete listing's
 * vanished tourists are deleted (or held, above the share).
 */
final class SourcePull {

    /** As long as the function's lease: a terminal run and a scheduled one never overlap. */
    static final Duration LEASE = Duration.ofSeconds(360);

    record Settings(URI from, String source, HttpPages.Style style, String itemsField, String nextField,
                    List<String> keyColumns, double deleteShare, int senders) {}

    private SourcePull() {
    }

    static int run(CliContext context, Settings settings, SqsClient sqs, String queueUrl, S3Client s3, String bucket) {
        var defaults = HttpPages.Settings.of(settings.from(), settings.style());
        var token = context.variable("SYNC_TOKEN").map(value -> (java.util.function.Supplier<String>) () -> value);
        var pages = new HttpPages(new HttpPages.Settings(settings.from(), settings.style(), settings.itemsField(),
                settings.nextField(), defaults.pageParam(), defaults.cursorParam(), token, defaults.timeout(),
                defaults.attempts(), defaults.firstPause()));
        var sync = new SourceSync(new SyncState(s3, bucket, settings.source()),
                new SqsBatchChannel(sqs, queueUrl, "import-"),
                new SourceSync.Settings(settings.keyColumns(), true, settings.deleteShare(), LEASE,
                        BatchSender.Settings.of(settings.senders(), Optional.empty())),
                context.clock());
        var run = sync.run(pages, "tourists import --from", Optional.empty());
        context.out().println(SyncCommands.Status.describe(run));
        context.out().flush();
        if (RunRecord.SKIPPED.equals(run.outcome())) {
            throw OperatorException.environment(run.note() + "; try again when it ends");
        }
        return RunRecord.FAILED.equals(run.outcome()) || run.deletesHeld() > 0 ? OperatorException.REFUSED : 0;
    }
}
