package cheaplab.lab.ridge;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record streamed as one point of a series ({@code RunContext.point(series, values)}): its values are its
 * record components, in declaration order, under their own names - the same names the result JSON uses, so a
 * streamed point and the stored one always agree. Non-finite doubles stay as they are (the JSON writer turns
 * them into null).
 */
public interface SeriesPoint {

    /** The flat JSON object of this point: component name → value. */
    default Map<String, Object> values() {
        RecordComponent[] components = getClass().getRecordComponents();
        if (components == null) throw new IllegalStateException(getClass() + " is not a record");
        Map<String, Object> v = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            try {
                v.put(c.getName(), c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + getClass(), e);
            }
        }
        return v;
    }
}
