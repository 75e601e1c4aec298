package io.tourists.sync;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Where a sync reads rows: an uploaded file ({@link FileRows}) or a paginated HTTP source ({@link HttpPages}). */
public interface RowSource {

    /** A part of the source as it is read: a chunk of a file, or a page (numbered from 1; null for a file). */
    record Part(Integer page, List<SourceRow> rows) {}

    /** What this run reads (the URL, the object and its version): a dead run is redone only for the same input. */
    String input();

    /**
     * Reads the whole source in order, handing each part over as soon as it is read. Returns when the listing is
     * complete; throws when a part cannot be read (after its retries), and then the listing is not complete.
     *
     * @param knownColumns the columns a CSV header may name
     * @param keyColumns   the columns a CSV header must name (the touristId's key)
     */
    void read(Set<String> knownColumns, List<String> keyColumns, Consumer<Part> parts);

    /** The source cannot be read: nothing is deleted, and the next run starts over. */
    final class UnreadableSourceException extends RuntimeException {
        public UnreadableSourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
