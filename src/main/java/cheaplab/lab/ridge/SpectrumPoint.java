package cheaplab.lab.ridge;

/** One singular value of the focus design: series {@code spectrum}, {@code index} 1-based. */
public record SpectrumPoint(int index, double sigma) implements SeriesPoint {
}
