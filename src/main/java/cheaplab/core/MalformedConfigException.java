package cheaplab.core;

/**
 * A config body that is not a JSON object at all (unparsable text, an array, a number). Unlike
 * {@link ConfigException} no field can be blamed; the web layer answers 400 "malformed_json".
 */
public final class MalformedConfigException extends IllegalArgumentException {
    public MalformedConfigException(String message) {
        super(Excerpt.of(message, ConfigException.MAX_MESSAGE));
    }
}
