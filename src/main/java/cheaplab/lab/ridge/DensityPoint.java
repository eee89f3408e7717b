package cheaplab.lab.ridge;

/** A point of a density curve: series {@code mp}, {@code x} a singular value, {@code density} per unit of x. */
public record DensityPoint(double x, double density) implements SeriesPoint {
}
