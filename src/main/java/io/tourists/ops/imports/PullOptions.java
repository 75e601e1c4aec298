package io.tourists.ops.imports;

import io.tourists.sync.HttpPages;
import java.net.URI;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tourists import --from URL}'s options: the paginated source and how to read it. */
public final class PullOptions {

    @Option(names = "--from", paramLabel = "URL",
            description = "instead of a FILE: pull this paginated JSON source as the import function's schedule does "
                    + "(bearer token from SYNC_TOKEN); needs --bucket")
    URI from;

    @Option(names = "--source", paramLabel = "NAME", defaultValue = "http",
            description = "with --from: the source's name in the bucket (default: ${DEFAULT-VALUE}, the function's)")
    String source;

    @Option(names = "--pagination", paramLabel = "STYLE", defaultValue = "next-link",
            description = "with --from: next-link, link-header, page or cursor (default: ${DEFAULT-VALUE})")
    String pagination;

    @Option(names = "--items-field", paramLabel = "FIELD", defaultValue = "items",
            description = "with --from: the body field holding a page's tourists (default: ${DEFAULT-VALUE})")
    String itemsField;

    @Option(names = "--next-field", paramLabel = "FIELD", defaultValue = "next",
            description = "with --from: the body field holding the next link or cursor (default: ${DEFAULT-VALUE})")
    String nextField;

    @Option(names = "--delete-share", paramLabel = "SHARE", defaultValue = "0.05",
            description = "with --from: hold the deletes when more than this share would go (default: ${DEFAULT-VALUE})")
    double deleteShare;

    SourcePull.Settings settings(CommandSpec spec, List<String> keyColumns, int senders) {
        HttpPages.Style style;
        try {
            style = HttpPages.Settings.style(pagination);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "--pagination must be next-link, link-header, page or cursor, got " + pagination);
        }
        if (deleteShare < 0 || deleteShare > 1) {
            throw new ParameterException(spec.commandLine(), "--delete-share must be between 0 and 1, got " + deleteShare);
        }
        return new SourcePull.Settings(from, source, style, itemsField, nextField, keyColumns, deleteShare, senders);
    }
}
