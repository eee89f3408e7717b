package cheaplab.lab.ridge;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LbfgsTest {

    @Test
    void minimisesTheExtendedRosenbrockFunction() {
        int d = 10;
        Lbfgs.Objective f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < d; i += 2) {
                double t1 = 1 - x[i], t2 = 10 * (x[i + 1] - x[i] * x[i]);
                v += t1 * t1 + t2 * t2;
                g[i] += -2 * t1 - 40 * x[i] * t2;
                g[i + 1] += 20 * t2;
            }
            return v;
        };
        double[] start = new double[d];
        for (int i = 0; i < d; i += 2) { start[i] = -1.2; start[i + 1] = 1; }
        Lbfgs.Result r = new Lbfgs(10, 1e-10, 0, 500).minimise(f, start);
        assertTrue(r.converged(), "converged in " + r.iterations());
        double[] ones = new double[d];
        java.util.Arrays.fill(ones, 1);
        assertArrayEquals(ones, r.x(), 1e-8);
        assertTrue(r.iterations() < 200, "iterations " + r.iterations());
    }

    @Test
    void solvesAnIllConditionedQuadraticExactly() {
        int d = 30;
        SplittableRandom rng = new SplittableRandom(81);
        double[] a = Dense.gaussian(rng, d, d), h = Dense.times(Dense.transpose(a, d, d), d, d, a, d);
        for (int i = 0; i < d; i++) h[i * d + i] += 1e-2;  // condition number ~10⁴
        double[] b = Dense.gaussian(rng, d, 1), expected = Dense.solve(h, b, d);
        // f = ½(x − x*)ᵀH(x − x*): the same quadratic as ½xᵀHx − bᵀx up to a constant, written so that its
        // rounding error shrinks with the distance to x* (the expanded form cancels, and its noise would stop any
        // line search long before a tight gradient tolerance).
        Lbfgs.Objective f = (x, g) -> {
            double[] e = Dense.minus(x, expected), he = Dense.timesVector(h, d, d, e);
            double v = 0;
            for (int i = 0; i < d; i++) { v += 0.5 * e[i] * he[i]; g[i] = he[i]; }
            return v;
        };
        Lbfgs.Result r = new Lbfgs(10, 1e-12, 0, 5000).minimise(f, new double[d]);
        System.out.println("quadratic (condition ~1e4): " + r.iterations() + " iterations, " + r.evaluations() + " evaluations");
        assertTrue(r.converged(), "converged: |g| = " + r.gradientMaxNorm() + " after " + r.iterations());
        assertTrue(r.gradientMaxNorm() <= 1e-12);
        // H ⪰ 0.01 I, so ‖x − x*‖ ≤ ‖∇f(x)‖₂ / 0.01.
        double bound = Math.sqrt(d) * r.gradientMaxNorm() / 1e-2;
        assertTrue(Dense.norm(Dense.minus(r.x(), expected)) <= bound, "error " + Dense.norm(Dense.minus(r.x(), expected)) + " > " + bound);
    }

    @Test
    void stopsAtTheIterationCapWithoutClaimingConvergence() {
        Lbfgs.Objective f = (x, g) -> { g[0] = Math.exp(x[0]); return Math.exp(x[0]); }; // no minimum
        Lbfgs.Result r = new Lbfgs(5, 0, 0, 20).minimise(f, new double[] {0});
        assertFalse(r.converged());
        assertEquals(20, r.iterations());
        assertTrue(Double.isFinite(r.value()));
    }
}
