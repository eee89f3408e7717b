package cheaplab.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.util.List;

/**
 * JSON of a list of events. Writing a {@code List<RunEvent>} with plain {@link Json#write} loses each event's
 * {@code type} field (the element type is erased); this writer is told the element type.
 */
public final class EventsJson {
    private static final ObjectWriter LIST = Json.MAPPER.writerFor(new TypeReference<List<RunEvent>>() {});

    private EventsJson() {}

    public static String write(List<? extends RunEvent> events) {
        try {
            return LIST.writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise events", e);
        }
    }
}
